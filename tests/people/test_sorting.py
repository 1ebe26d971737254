from hoanhap.people.sorting import vietnamese_sort_key


def test_names_sort_by_given_name_in_vietnamese_letter_and_tone_order() -> None:
    names = [
        "Vũ Đức",
        "Ngô Dũng",
        "Hoàng Ân",
        "Phạm Thị Ăn",
        "Mai Văn Ạnh",
        "Nguyễn Văn Ánh",
        "Đặng Thị Ánh",
        "Hà Thị Ảnh",
        "Lý Thị Anh",
        "Lê Anh",
        "Trần Thị An",
        "Lê Văn Bình",
    ]
    expected = [
        "Trần Thị An",
        "Lê Anh",
        "Lý Thị Anh",
        "Hà Thị Ảnh",
        "Đặng Thị Ánh",
        "Nguyễn Văn Ánh",
        "Mai Văn Ạnh",
        "Phạm Thị Ăn",
        "Hoàng Ân",
        "Lê Văn Bình",
        "Ngô Dũng",
        "Vũ Đức",
    ]
    assert sorted(names, key=vietnamese_sort_key) == expected


def test_the_key_ignores_case_and_unicode_form() -> None:
    import unicodedata

    assert vietnamese_sort_key("ĐẶNG THỊ ÁNH") == vietnamese_sort_key(
        unicodedata.normalize("NFD", "Đặng Thị Ánh")
    )


def test_the_key_is_plain_ascii_so_databases_sort_it_byte_wise() -> None:
    assert vietnamese_sort_key("Đặng Thị Ánh").isascii()


def test_the_database_orders_the_keys_like_python(db: object) -> None:
    """Whatever the database's locale, ORDER BY sort_key gives Vietnamese order (byte order of the key)."""
    from django.db import connection

    names = ["Lê Anh", "Trần An", "Lê Văn An", "Hà Ăn"]
    keys = sorted(vietnamese_sort_key(name) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'people_person' AND column_name = 'sort_key'"
            )
            assert cursor.fetchone()[0] == "C"
        values = " UNION ALL ".join(["SELECT %s AS k"] * len(keys))
        cursor.execute(f"SELECT k FROM ({values}) AS t ORDER BY k", list(reversed(keys)))  # noqa: S608
        assert [row[0] for row in cursor.fetchall()] == keys
