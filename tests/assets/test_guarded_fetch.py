"""The guarded fetch refuses what could reach inside Beat's network, before any connection is made."""
import pytest

from beat.errors import UnacceptableContent, UnsafeURL
from beat.http import guarded
from beat.models_upstream import UpstreamCall

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def fetch(url, **kw):
    return guarded.fetch(url, source="cdn", max_bytes=kw.pop("max_bytes", MB), **kw)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"])
def test_loopback_is_refused_and_never_contacted(canary, host):
    with pytest.raises(UnsafeURL):
        fetch(f"http://{host}:{canary.port}/pic.jpg")
    assert canary.connections == 0
    assert UpstreamCall.objects.get().status_code is None


@pytest.mark.parametrize("url", ["http://10.1.2.3/a.jpg", "http://192.168.0.1/a.jpg", "http://172.16.5.4/a.jpg",
                                 "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/a.jpg",
                                 "http://224.0.0.1/a.jpg", "http://0.0.0.0/a.jpg", "http://[fd00::1]/a.jpg",
                                 "http://[::ffff:169.254.169.254]/a.jpg"])
def test_private_link_local_metadata_and_multicast_addresses_are_refused(url):
    with pytest.raises(UnsafeURL) as err:
        fetch(url, timeout=(0.2, 0.2))  # a refused URL never gets as far as a timeout
    assert "not public" in err.value.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.jpg", "gopher://127.0.0.1/",
                                 "http://user:pw@example.com/a.jpg", "//example.com/a.jpg", "http:///a.jpg"])
def test_other_schemes_relative_urls_and_credentials_in_urls_are_refused(url):
    with pytest.raises(UnsafeURL):
        fetch(url)


def test_a_redirect_to_loopback_is_refused_before_it_is_followed(cdn, canary):
    cdn.route("GET", "/pic.jpg", status=302, headers={"Location": f"http://127.0.0.1:{canary.port}/x.jpg"})
    with pytest.raises(UnsafeURL):
        fetch(cdn.url + "/pic.jpg")
    assert canary.connections == 0


def test_a_redirect_to_the_metadata_address_is_refused(cdn):
    cdn.route("GET", "/pic.jpg", status=301, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(UnsafeURL):
        fetch(cdn.url + "/pic.jpg", timeout=(0.2, 0.2))


def test_redirects_on_allowed_hosts_are_followed_a_few_times_only(cdn):
    cdn.route("GET", "/a.jpg", status=302, headers={"Location": "/b.jpg"})
    cdn.route("GET", "/b.jpg", raw=b"jpeg-bytes", headers={"Content-Type": "image/jpeg"})
    fetched = fetch(cdn.url + "/a.jpg", content_types=("image/jpeg",))
    assert (fetched.read(), fetched.url) == (b"jpeg-bytes", cdn.url + "/b.jpg")
    cdn.route("GET", "/loop.jpg", status=302, headers={"Location": "/loop.jpg"})
    with pytest.raises(UnsafeURL):
        fetch(cdn.url + "/loop.jpg")
    assert len(cdn.calls("GET", "/loop.jpg")) == guarded.MAX_REDIRECTS + 1


def test_an_answer_over_the_size_cap_is_refused(cdn):
    cdn.route("GET", "/big.mp4", raw=b"x" * 5000, headers={"Content-Type": "video/mp4"})
    with pytest.raises(UnacceptableContent) as err:
        fetch(cdn.url + "/big.mp4", max_bytes=4096, content_types=("video/mp4",))
    assert err.value.permanent and "4096" in err.value.message


def test_a_content_type_off_the_allow_list_is_refused(cdn):
    cdn.route("GET", "/pic.jpg", raw=b"<html>", headers={"Content-Type": "text/html"})
    with pytest.raises(UnacceptableContent):
        fetch(cdn.url + "/pic.jpg", content_types=("image/jpeg",))


def test_the_allow_list_of_hosts_names_a_port_too(fake_upstream, settings):
    host, port = fake_upstream._server.server_address[:2]
    settings.BEAT_FETCH_ALLOWED_HOSTS = [f"{host}:{port + 1}"]
    with pytest.raises(UnsafeURL):
        fetch(fake_upstream.url + "/pic.jpg")
    assert fake_upstream.calls() == []


def test_an_unreachable_address_of_a_host_gives_way_to_its_next_one(cdn):
    # a host with two checked addresses (IPv6 then IPv4, say) where the first refuses connections
    cdn.route("GET", "/pic.jpg", raw=b"jpeg", headers={"Content-Type": "image/jpeg"})
    port = cdn._server.server_address[1]
    target = guarded.Target("http", "cdn.test", port, ("127.0.0.2", "127.0.0.1"), "/pic.jpg")
    response = guarded._open(target, "GET", None, None, (1, 1))
    assert response.status == 200 and cdn.calls()[0].headers["host"] == f"cdn.test:{port}"
