from django.urls import path

from hoanhap.web.views import agencies, audit, auth, home, jobs, profile, units, users

app_name = "web"

urlpatterns = [
    path("", home.home_view, name="home"),
    path("healthz", home.healthz_view, name="healthz"),
    path("login/", auth.login_view, name="login"),
    path("login/verify/", auth.login_verify_view, name="login_verify"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/two-factor/", auth.two_factor_setup_view, name="two_factor_setup"),
    path("units/", units.unit_list_view, name="unit_list"),
    path("units/load/", units.unit_load_view, name="unit_load"),
    path("units/load/start/", units.unit_load_start_view, name="unit_load_start"),
    path("units/<str:edition>/<str:code>/", units.unit_detail_view, name="unit_detail"),
    path("jobs/", jobs.job_list_view, name="job_list"),
    path("jobs/<uuid:job_id>/", jobs.job_detail_view, name="job_detail"),
    path("jobs/<uuid:job_id>/progress/", jobs.job_progress_view, name="job_progress"),
    path("agencies/", agencies.agency_list_view, name="agency_list"),
    path("agencies/new/", agencies.agency_create_view, name="agency_create"),
    path("agencies/<int:agency_id>/edit/", agencies.agency_edit_view, name="agency_edit"),
    path("users/", users.user_list_view, name="user_list"),
    path("users/new/", users.user_create_view, name="user_create"),
    path("users/<int:user_id>/edit/", users.user_edit_view, name="user_edit"),
    path("users/<int:user_id>/unlock/", users.user_unlock_view, name="user_unlock"),
    path("users/<int:user_id>/password/", users.user_password_view, name="user_password"),
    path("audit/", audit.audit_list_view, name="audit_list"),
    path("audit/export.xlsx", audit.audit_export_view, name="audit_export"),
    path("account/", profile.profile_view, name="profile"),
    path(
        "account/two-factor/disable/",
        profile.profile_two_factor_disable_view,
        name="profile_two_factor_disable",
    ),
    path("account/tokens/new/", profile.profile_token_create_view, name="profile_token_create"),
    path(
        "account/tokens/<int:token_id>/revoke/",
        profile.profile_token_revoke_view,
        name="profile_token_revoke",
    ),
]
