"""The six GPT flows run the real `openai` client against a local OpenAI-compatible server."""
import pytest

from beat.models import Status
from beat.models_upstream import UpstreamCall
from credentials.models import State
from enrichment.gpt.answers import AGE_GENDER_KEYS
from enrichment.models import GptProfileData
from tests.enrichment.conftest import (ANSWERS, AZURE_CHAT, AZURE_KEY, CHAT, NASA, OPENAI_KEY, completion,
                                       run_flow)

pytestmark = pytest.mark.django_db
KINDS = list(ANSWERS)


def flow(kind):
    return f"refresh_instagram_gpt_data_{kind}"


@pytest.mark.parametrize("kind", KINDS)
def test_each_gpt_flow_stores_the_parsed_answer_with_prompt_version_model_and_tokens(kind, openai_upstream,
                                                                                       openai_credential):
    openai_upstream.route("POST", CHAT, body=completion(ANSWERS[kind], prompt_tokens=350, completion_tokens=40))
    task = run_flow(flow(kind), {"data": NASA}, queue="gpt")
    assert task.status == Status.COMPLETE, task.error
    row = GptProfileData.objects.get(handle="nasa", kind=kind)
    assert row.data["handle"] == "nasa"
    assert (row.prompt_version, row.model, row.asks) == ("v1", "gpt-4o-mini-2024-07-18", 1)
    assert (row.prompt_tokens, row.completion_tokens, row.total_tokens) == (350, 40, 390)
    assert task.data["total_tokens"] == 390 and task.data["data"] == row.data
    sent = openai_upstream.calls("POST", CHAT)[0]
    assert sent.headers["authorization"] == f"Bearer {OPENAI_KEY}"
    assert sent.json["model"] == "gpt-4o-mini" and sent.json["temperature"] == 0
    assert sent.json["response_format"] == {"type": "json_object"}
    assert "Exploring the universe" in sent.json["messages"][1]["content"]


def test_the_parsed_answers_are_cleaned_and_their_fractions_sum_to_one(openai_upstream, openai_credential):
    for kind in KINDS:
        openai_upstream.route("POST", CHAT, body=completion(ANSWERS[kind]))
        assert run_flow(flow(kind), {"data": NASA}, queue="gpt").status == Status.COMPLETE
    data = {row.kind: row.data for row in GptProfileData.objects.filter(handle="nasa")}
    assert data["base_gender"] == {"handle": "nasa", "gender": "brand"}
    assert data["base_location"]["country"] == "United States"
    assert len(data["base_categ_lang_topics"]["topics"]) == 22
    ages = data["audience_age_gender"]["audience"]["age_gender"]
    assert set(ages) == set(AGE_GENDER_KEYS) and sum(ages.values()) == pytest.approx(1)
    assert ages["25-34 female"] == pytest.approx(0.20)
    cities = data["audience_cities"]["audience"]["cities"]
    assert len(cities) == 20 and sum(cities.values()) == pytest.approx(1)
    assert cities["City 1"] == pytest.approx(20 / 210)  # as given, normalised: no noise added
    assert data["gender_location_lang"]["languages"] == ["English", "Spanish"]


def test_a_partial_answer_is_completed_by_asking_again_for_the_missing_keys_only(openai_upstream,
                                                                                 openai_credential):
    first = {"handle": "nasa", "city": "Washington", "state": "unknown", "country": ""}
    openai_upstream.route("POST", CHAT, body=completion(first, prompt_tokens=300, completion_tokens=30)).then(
        body=completion({"state": "District of Columbia", "country": "United States", "city": "Houston"},
                        prompt_tokens=360, completion_tokens=20))
    task = run_flow(flow("base_location"), {"data": NASA}, queue="gpt")
    assert task.status == Status.COMPLETE, task.error
    row = GptProfileData.objects.get(handle="nasa", kind="base_location")
    # the first answer's usable city is kept; the second ask filled in only what was missing
    assert row.data == {"handle": "nasa", "city": "Washington", "state": "District of Columbia",
                        "country": "United States"}
    assert (row.asks, row.total_tokens) == (2, 710)
    second = openai_upstream.calls("POST", CHAT)[1].json["messages"]
    assert [m["role"] for m in second] == ["system", "user", "assistant", "user"]
    assert '["state", "country"]' in second[-1]["content"]


def test_an_answer_still_unusable_after_three_asks_fails_with_the_replies_kept(openai_upstream,
                                                                               openai_credential):
    too_few = {"handle": "nasa", "platform": "instagram", "audience": {"cities": {"Mumbai": 0.5, "Delhi": 0.5}}}
    openai_upstream.route("POST", CHAT, body=completion(too_few)).then(body=completion("not json at all")).then(
        body=completion({"audience": {"cities": {}}}))
    task = run_flow(flow("audience_cities"), {"data": NASA}, queue="gpt")
    assert task.status == Status.FAILED
    assert task.error["code"] == "unusable_answer"
    assert task.error["details"]["missing"] == ["audience.cities"]
    assert len(task.error["details"]["replies"]) == 3 and "Mumbai" in task.error["details"]["replies"][0]
    assert len(openai_upstream.calls("POST", CHAT)) == 3
    assert not GptProfileData.objects.filter(kind="audience_cities").exists()


def test_an_age_gender_answer_lacking_a_group_is_asked_again(openai_upstream, openai_credential):
    ages = {k: v for k, v in ANSWERS["audience_age_gender"]["audience"]["age_gender"].items() if k != "65+ female"}
    openai_upstream.route("POST", CHAT, body=completion({"audience": {"age_gender": ages}})).then(
        body=completion(ANSWERS["audience_age_gender"]))
    task = run_flow(flow("audience_age_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.COMPLETE and task.data["asks"] == 2


def test_a_429_cools_the_credential_and_reschedules_the_task(openai_upstream, openai_credential):
    openai_upstream.route("POST", CHAT, fixture="openai/error_429_rate_limit.json",
                          headers={"retry-after": "30"})
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.PENDING and task.retry_at is not None and task.attempts == 0
    openai_credential.refresh_from_db()
    assert openai_credential.state == State.COOLING and openai_credential.cooling_until is not None
    assert len(openai_upstream.calls("POST", CHAT)) == 1  # the client itself never retried
    call = UpstreamCall.objects.get(source="openai")
    assert (call.status_code, call.error_code, call.upstream_code) == (429, "rate_limited", "rate_limit_exceeded")
    assert call.credential_id == openai_credential.id and call.endpoint == CHAT and call.task_id == task.pk


def test_a_401_sets_the_credential_aside_and_fails_the_task(openai_upstream, openai_credential):
    openai_upstream.route("POST", CHAT, status=401, fixture="openai/error_401_invalid_api_key.json")
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.FAILED
    openai_credential.refresh_from_db()
    assert openai_credential.state == State.NEEDS_ATTENTION
    assert OPENAI_KEY not in str(task.error) and OPENAI_KEY not in openai_credential.state_reason
    assert UpstreamCall.objects.get(source="openai").error_code == "auth_failed"


def test_azure_is_asked_at_its_deployment_url_with_its_api_key_header(azure_upstream, settings):
    settings.AZURE_OPENAI_API_KEY = AZURE_KEY  # no stored credential: the environment's key serves
    azure_upstream.route("POST", AZURE_CHAT, body=completion(ANSWERS["base_gender"], azure=True))
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.COMPLETE, task.error
    sent = azure_upstream.calls("POST", AZURE_CHAT)[0]
    assert sent.query == {"api-version": "2024-10-21"} and sent.headers["api-key"] == AZURE_KEY
    assert sent.json["model"] == "beat-gpt"
    assert GptProfileData.objects.get(kind="base_gender").model == "gpt-4o-2024-08-06"


def test_the_environment_keys_grant_counts_from_its_answer_not_a_margin_later(azure_upstream, settings):
    from beat.ratelimit import acquire, source_limits

    settings.AZURE_OPENAI_API_KEY = AZURE_KEY
    settings.BEAT_SOURCE_RATE_LIMITS = {"openai": [(1, 0.4, 0.5)]}  # 1 call per 0.4 s, 0.5 s of margin
    azure_upstream.route("POST", AZURE_CHAT, body=completion(ANSWERS["base_gender"], azure=True))
    assert run_flow(flow("base_gender"), {"data": NASA}, queue="gpt").status == Status.COMPLETE
    after = acquire(source_limits("openai"))
    assert not after.allowed and after.retry_after <= 0.4  # a period after the answer; unreported, 0.9 s


def test_an_azure_429_with_retry_after_reschedules_for_that_long(azure_upstream, settings):
    settings.AZURE_OPENAI_API_KEY = AZURE_KEY
    azure_upstream.route("POST", AZURE_CHAT, fixture="openai/azure_error_429.json")
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.PENDING
    assert task.error["code"] == "rate_limited"
    assert len(azure_upstream.calls("POST", AZURE_CHAT)) == 1


def test_an_azure_401_fails_at_once_without_echoing_the_key(azure_upstream, settings):
    settings.AZURE_OPENAI_API_KEY = AZURE_KEY
    azure_upstream.route("POST", AZURE_CHAT, status=401, fixture="openai/azure_error_401.json")
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.FAILED and task.error["code"] == "auth_failed"
    assert AZURE_KEY not in str(task.error)


def test_with_no_credential_and_no_environment_key_the_task_fails_clearly(openai_upstream):
    task = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert task.status == Status.FAILED and task.error["code"] == "no_provider"
    assert openai_upstream.calls() == []


def test_a_handle_alone_uses_the_stored_profile(openai_upstream, openai_credential):
    from instagram.models import InstagramAccount

    InstagramAccount.objects.create(profile_id="528817150", handle="nasa", full_name="NASA",
                                    biography="Explore the universe", category="Government")
    openai_upstream.route("POST", CHAT, body=completion(ANSWERS["base_gender"]))
    task = run_flow(flow("base_gender"), {"handle": "@NASA"}, queue="gpt")
    assert task.status == Status.COMPLETE, task.error
    assert "Explore the universe" in openai_upstream.calls("POST", CHAT)[0].json["messages"][1]["content"]
    assert GptProfileData.objects.get(kind="base_gender").profile_id == "528817150"


def test_a_handle_never_stored_fails_without_asking_the_model(openai_upstream, openai_credential):
    task = run_flow(flow("base_gender"), {"handle": "ghost"}, queue="gpt")
    assert task.status == Status.FAILED and task.error["code"] == "not_found"
    assert openai_upstream.calls() == []


def test_a_second_run_replaces_the_answer_of_the_same_kind(openai_upstream, openai_credential):
    openai_upstream.route("POST", CHAT, body=completion(ANSWERS["base_gender"])).then(
        body=completion({"handle": "nasa", "gender": "female"}))
    run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert list(GptProfileData.objects.values_list("data__gender", flat=True)) == ["female"]


def test_beats_own_openai_budget_is_checked_before_the_model_is_asked(openai_upstream, openai_credential, settings):
    settings.BEAT_SOURCE_RATE_LIMITS = {**settings.BEAT_SOURCE_RATE_LIMITS, "openai": [[1, 60]]}
    openai_upstream.route("POST", CHAT, body=completion(ANSWERS["base_gender"]))
    assert run_flow(flow("base_gender"), {"data": NASA}, queue="gpt").status == Status.COMPLETE
    second = run_flow(flow("base_gender"), {"data": NASA}, queue="gpt")
    assert second.status == Status.PENDING and second.error["code"] == "rate_limited"
    assert len(openai_upstream.calls("POST", CHAT)) == 1


def test_an_openai_credential_is_validated_where_the_flows_send_on_azure(azure_upstream, openai_credential):
    from credentials.validation import validate_credential

    azure_upstream.route("GET", "/openai/models", body={"data": [], "object": "list"})
    assert validate_credential(openai_credential.id)["is_valid"] is True
    sent = azure_upstream.calls("GET", "/openai/models")[0]
    assert sent.headers["api-key"] == OPENAI_KEY and sent.query == {"api-version": "2024-10-21"}


def test_the_environment_key_spends_the_accounts_daily_upstream_budget_too(openai_upstream, settings):
    from accounts.models import Account
    from beat.queue import claim, runner
    from beat.queue.services import submit

    settings.OPENAI_API_KEY = OPENAI_KEY
    account = Account.objects.create(slug="acme", daily_upstream_calls=1)
    openai_upstream.route("POST", CHAT, body=completion(ANSWERS["base_gender"]))
    tasks = [submit(flow("base_gender"), {"data": NASA}, account=account)[0] for _ in range(2)]  # both accepted
    for _ in tasks:
        runner.run(claim.claim_next(queue="gpt", worker="t"))
    for task in tasks:
        task.refresh_from_db()
    assert [task.status for task in tasks] == [Status.COMPLETE, Status.PENDING]
    assert tasks[1].error["code"] == "rate_limited"
    assert len(openai_upstream.calls("POST", CHAT)) == 1
