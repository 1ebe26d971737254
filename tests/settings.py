"""Test settings: the application's settings, with the test environment set before they are read."""

import os
import tempfile

os.environ.setdefault("HOANHAP_DATA_DIR", tempfile.mkdtemp(prefix="hoanhap-test-"))
os.environ["HOANHAP_HTTPS"] = "false"
os.environ["HOANHAP_TASK_BACKEND"] = "immediate"
os.environ["HOANHAP_STATIC_MANIFEST"] = "false"

from hoanhap.settings import *  # noqa: F403

# Hashing with the production hasher costs ~0.3 s per password; tests create many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
