"""beat.http.redact on answers: what is blanked before anything is stored, and what is left alone."""
from beat.http.redact import scrub, unecho

TOKEN = "EAATokenSentByBeat0123456789"


def test_unecho_blanks_the_requests_own_credential_wherever_it_reappears():
    answer = {"paging": {"next": f"https://graph.example/v21.0/1/media?access_token={TOKEN}&after=QVF"},
              "error": {"message": f"token {TOKEN} is rate limited"}, "items": [f"x{TOKEN}y"]}
    clean = unecho(answer, {TOKEN})
    assert TOKEN not in str(clean)
    assert clean["paging"]["next"].endswith("access_token=***&after=QVF") and clean["items"] == ["x***y"]
    assert TOKEN in str(answer)  # a copy: the caller's object is not changed


def test_unecho_returns_the_very_same_object_when_nothing_is_echoed():
    answer = {"data": [{"id": "1", "caption": "hello"}]}
    assert unecho(answer, {TOKEN}) is answer and unecho(None, {TOKEN}) is None


def test_scrub_blanks_secret_query_parameters_and_secret_named_fields():
    raw = [{"next": "https://x.example/a?key=AIzaSecretKey123&pageToken=CAUQAA",
            "access_token": "EAAPageTokenOfAnotherPage", "refresh_token": "1//refresh-token-value"},
           "https://cdn.example/p.jpg?sig=abc123def&x=1"]
    clean = scrub(raw)
    assert clean[0]["next"] == "https://x.example/a?key=***&pageToken=CAUQAA"
    assert (clean[0]["access_token"], clean[0]["refresh_token"]) == ("***", "***")
    assert clean[1] == "https://cdn.example/p.jpg?sig=***&x=1"


def test_scrub_leaves_ordinary_data_alone():
    raw = {"key": "sort-key-1", "token": "page-2", "caption": "monkey=1 and turkey=2",
           "display_url": "https://scontent.example/v/t51.jpg?_nc_sid=7d201b&oh=00_AYBq&oe=67A1B2C3",
           "access_token": None}
    assert scrub(raw) == raw
