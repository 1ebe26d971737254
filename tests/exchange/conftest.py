from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Each test keeps its export files to itself."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
