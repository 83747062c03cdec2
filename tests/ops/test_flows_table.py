"""README.md's table of flows is the registry's (beat.flows.table): every flow, its params, in order."""
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from beat.flows import table
from beat.flows.registry import get_flow
from beat.flows.table import documented_flows

README = settings.BASE_DIR / "README.md"


def test_the_readme_lists_every_registered_flow_with_its_params_as_the_registry_has_them():
    written = table.section(README.read_text())
    assert written == table.markdown(), "README.md's flow table is stale: run `python manage.py flows_table --write`"
    assert all(f"| `{entry.name}` |" in written for entry in documented_flows())



def test_flows_a_test_registers_are_not_beats_and_stay_out_of_the_table():
    import tests.queue.testflows  # noqa: F401  (registers test_logged and others)

    assert get_flow("test_logged") and "test_logged" not in table.markdown()
    assert len(documented_flows()) >= 53


def test_the_table_marks_optional_params_lists_aliases_and_flows_not_built_yet():
    rows = {line.split("|")[1].strip(" `"): line for line in table.markdown().splitlines() if line.startswith("| `")}
    assert "`handle`" in rows["refresh_profile_by_handle"] and "`handle?`" in rows["refresh_profile_custom"]
    assert "`channel_ids[]`" in rows["refresh_yt_profiles"]
    assert "Also named `fetch_tagged_posts`" in rows["refresh_tagged_posts_by_profile_id"]
    unbuilt = [entry.name for entry in documented_flows() if not entry.implemented]
    assert all("501" in rows[name] and "(one of " in rows[name] for name in unbuilt)
    assert get_flow("refresh_yt_profiles").description in rows["refresh_yt_profiles"]
    assert "the ids no source knows are recorded not_found. |" in rows["refresh_yt_profiles"]  # the whole paragraph


def test_flows_table_writes_the_table_between_the_markers_and_leaves_the_rest(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Intro\n\n{table.BEGIN}\nold table\n{table.END}\n\n## After\n")
    assert table.write(readme) and not table.write(readme)  # a second run finds nothing to change
    text = readme.read_text()
    assert text.startswith("# Intro\n\n") and text.endswith(f"{table.END}\n\n## After\n")
    assert table.section(text) == table.markdown()
    out = StringIO()
    call_command("flows_table", stdout=out)
    assert out.getvalue().strip() == table.markdown()
