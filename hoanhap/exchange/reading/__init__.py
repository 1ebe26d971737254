"""Reading the communes' own spreadsheets: files of any common format, legacy Vietnamese encodings, the
table inside the title and signature rows, its columns, and the words people write in them.

Nothing here touches the database: these modules turn a file into rows of plain values that the import
services then validate with the same rules as the person form.
"""
