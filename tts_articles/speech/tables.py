"""The normaliser's word tables, written as text: one "written | spoken [| plural]" row a line."""


def spoken_table(table: str) -> dict[str, str]:
    """Read "written | spoken" rows: "Gen. | General" -> {"Gen.": "General"}."""
    return {written: spoken for written, spoken, *_ in _rows(table)}


def counted_table(table: str) -> dict[str, tuple[str, str]]:
    """Read "written | singular | plural" rows: "km | kilometer | kilometers"."""
    return {written: (singular, plural) for written, singular, plural in _rows(table)}


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
