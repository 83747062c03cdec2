"""lama (HikerAPI / LamaDava) and rocketapi: key-based Instagram APIs outside RapidAPI.

References: HikerAPI `GET /sys/balance` (the account's balance: no Instagram request, not billed);
rocketapi-io/rocketapi-python `instagramapi.py` (`POST /instagram/user/get_info {"username"}`).
"""
from beat.errors import NotFound
from beat.http import call
from credentials.validation.base import Validation, base_url, validator


@validator("lama")
def validate_lama_key(lease, ctx) -> Validation:
    call("GET", f"{base_url('lama')}/sys/balance", source="lama", error_family="lama",
         headers={"x-access-key": lease.secret["x-access-key"]}, credential_id=lease.id, ctx=ctx)
    return Validation(is_valid=True)


@validator("rocketapi")
def validate_rocketapi_token(lease, ctx) -> Validation:
    token = lease.secret["Authorization"]
    if not token.lower().startswith("token "):
        token = f"Token {token}"
    try:
        call("POST", f"{base_url('rocketapi')}/instagram/user/get_info", source="rocketapi",
             headers={"Authorization": token}, json={"username": "nasa"}, credential_id=lease.id, ctx=ctx)
    except NotFound:
        pass  # authenticated; the probe account is simply not there
    return Validation(is_valid=True)
