from tests.accounts.conftest import account, client_of, staff  # noqa: F401
