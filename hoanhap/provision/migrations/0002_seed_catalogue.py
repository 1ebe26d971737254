"""A first catalogue of service types, a few per domain, from the services the plans name (seed 000 §II,
seeds 002 and 003). Re-run safely: a type is identified by its code; administrators change the catalogue
afterwards through the catalogue pages, never by editing this list."""

from django.db import migrations

# (code, domain, name in Vietnamese, required details)
TYPES = [
    ("rehabilitation", "health", "Phục hồi chức năng", {"needs_provider", "needs_outcome"}),
    (
        "assistive-device",
        "health",
        "Cấp dụng cụ trợ giúp, chỉnh hình",
        {"needs_provider", "needs_cost", "needs_funding"},
    ),
    ("health-check", "health", "Khám sức khỏe, khám sàng lọc", {"needs_provider", "needs_outcome"}),
    (
        "early-detection",
        "health",
        "Phát hiện sớm, can thiệp sớm cho trẻ em",
        {"needs_provider", "needs_follow_up"},
    ),
    (
        "surgery",
        "health",
        "Phẫu thuật chỉnh hình, phục hồi",
        {"needs_provider", "needs_cost", "needs_funding", "needs_outcome", "needs_follow_up"},
    ),
    ("school-enrolment", "education", "Đi học (giáo dục hòa nhập)", {"needs_provider"}),
    (
        "scholarship",
        "education",
        "Học bổng, hỗ trợ phương tiện và đồ dùng học tập",
        {"needs_cost", "needs_funding"},
    ),
    ("vocational-course", "livelihood", "Học nghề", {"needs_provider", "needs_outcome"}),
    ("job-placement", "livelihood", "Giới thiệu, tạo việc làm", {"needs_outcome"}),
    ("preferential-loan", "livelihood", "Vay vốn ưu đãi", {"needs_provider", "needs_cost"}),
    (
        "livelihood-support",
        "livelihood",
        "Hỗ trợ sinh kế (giống, vật nuôi, công cụ)",
        {"needs_cost", "needs_funding"},
    ),
    ("disaster-support", "disaster", "Hỗ trợ phòng chống, ứng phó thiên tai", set()),
    ("transport-support", "transport", "Hỗ trợ đi lại, giảm giá vé phương tiện công cộng", set()),
    ("ict-access", "ict", "Hỗ trợ tiếp cận công nghệ thông tin và truyền thông", set()),
    ("legal-aid", "legal_aid", "Trợ giúp pháp lý miễn phí", {"needs_provider", "needs_outcome"}),
    ("sport", "culture_sport", "Tham gia thể dục, thể thao", set()),
    ("culture", "culture_sport", "Tham gia hoạt động văn hóa, văn nghệ", set()),
    ("women-support", "women", "Hỗ trợ phụ nữ khuyết tật", {"needs_outcome"}),
    ("counselling", "awareness", "Tư vấn, tham vấn", set()),
]


def load(apps, schema_editor):
    ServiceType = apps.get_model("provision", "ServiceType")
    for code, domain, name, needs in TYPES:
        ServiceType.objects.update_or_create(
            code=code,
            defaults={
                "domain": domain,
                "name": name,
                "needs_provider": "needs_provider" in needs,
                "needs_cost": "needs_cost" in needs,
                "needs_funding": "needs_funding" in needs,
                "needs_outcome": "needs_outcome" in needs,
                "needs_follow_up": "needs_follow_up" in needs,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("provision", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
