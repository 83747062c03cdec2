# The same accounts, keys and clients as the accounts tests: one place for each fixture.
from tests.accounts.conftest import account, client_of, key, staff  # noqa: F401
