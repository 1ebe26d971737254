"""The national population database (Cơ sở dữ liệu quốc gia về dân cư), seen through one adapter.

* ``registry``: the contract: ``PopulationRegistry`` (``lookup``, ``report_event``), ``CitizenRecord``,
  ``RegistryUnavailable`` and the ``population_registry()`` factory that reads the settings;
* ``sandbox``: invented citizens shipped with the code, the default (demo, tests, any offline machine);
* ``http_registry``: the real service through a JSON contract documented there;
* ``services.identity_verify`` compares a person's record with the database and records an
  ``IdentityCheck``; ``selectors.latest_identity_check`` reads the last one.

Only the citizen ID is sent, only to the configured address (DESIGN.md: no personal data to an outside
service other than the state's own database the registry is meant to be connected with).
"""
