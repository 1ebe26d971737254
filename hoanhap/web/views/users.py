"""User accounts, for administrators: list, create, change, and set a password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hoanhap.accounts.models import User
from hoanhap.accounts.selectors import access_user, locked_usernames, two_factor_user_ids, user_page
from hoanhap.accounts.services.users import user_create, user_set_password, user_unlock, user_update
from hoanhap.core.access import capability_required
from hoanhap.core.exceptions import ApplicationError
from hoanhap.web.forms_admin import (
    UserCreateForm,
    UserEditForm,
    UserPasswordForm,
    UserSearchForm,
    add_application_error,
)
from hoanhap.web.views.common import query_without_page, signed_in_user


def _user_or_404(request: HttpRequest, user_id: int) -> User:
    try:
        return access_user(viewer=signed_in_user(request), user_id=user_id)
    except User.DoesNotExist:
        raise Http404 from None


@capability_required("users.manage")
def user_list_view(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    query, role = "", ""
    if form.is_valid():
        query, role = form.cleaned_data["q"], form.cleaned_data["role"]
    page = user_page(
        viewer=signed_in_user(request), query=query, role=role, page_number=request.GET.get("page")
    )
    verified = two_factor_user_ids(user_ids=[user.pk for user in page])
    locked = locked_usernames(usernames=[user.username for user in page])
    return render(
        request,
        "web/users/list.html",
        {
            "form": form,
            "page": page,
            "params": query_without_page(request),
            "rows": [
                {"user": user, "two_factor": user.pk in verified, "locked": user.username in locked}
                for user in page
            ],
        },
    )


@capability_required("users.manage")
@sensitive_post_parameters("password", "password_confirm")
@never_cache
def user_create_view(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                units=data["units"],
                agency=data["agency"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request, _("The account %(username)s was created.") % {"username": user.username}
            )
            return redirect("web:user_list")
    return render(request, "web/users/create.html", {"form": form})


@capability_required("users.manage")
def user_edit_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user_or_404(request, user_id)
    assignments = list(user.unit_assignments.all())
    data = request.POST if request.method == "POST" else None
    form = UserEditForm(
        data,
        current_agency=user.agency,
        initial={
            "full_name": user.get_full_name(),
            "email": user.email,
            "role": user.role,
            "units": " ".join(assignment.unit.code for assignment in assignments),
            "agency": user.agency_id,
            "is_active": user.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            user_update(
                actor=request.user,
                user=user,
                role=cleaned["role"],
                units=cleaned["units"],
                agency=cleaned["agency"],
                full_name=cleaned["full_name"],
                email=cleaned["email"],
                is_active=cleaned["is_active"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, _("The account %(username)s was saved.") % {"username": user.username})
            return redirect("web:user_list")
    context = {
        "form": form,
        "account": user,
        "assignments": assignments,
        "locked": bool(locked_usernames(usernames=[user.username])),
    }
    return render(request, "web/users/edit.html", context)


@capability_required("users.manage")
@require_POST
def user_unlock_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user_or_404(request, user_id)
    user_unlock(actor=signed_in_user(request), user=user)
    messages.success(request, _("The account %(username)s can sign in again.") % {"username": user.username})
    return redirect("web:user_edit", user_id=user.pk)


@capability_required("users.manage")
@sensitive_post_parameters("password", "password_confirm")
@never_cache
def user_password_view(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _user_or_404(request, user_id)
    form = UserPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(actor=request.user, user=user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if user.pk == request.user.pk:
                # Keep the administrator who changed their own password signed in.
                update_session_auth_hash(request, user)
            messages.success(
                request, _("The password of %(username)s was changed.") % {"username": user.username}
            )
            return redirect("web:user_edit", user_id=user.pk)
    return render(request, "web/users/password.html", {"form": form, "account": user})
