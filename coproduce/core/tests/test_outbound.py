import ipaddress
import socket
import ssl

import pytest

from coproduce.core import outbound
from coproduce.core.outbound import FetchRefused, address_refusal, outbound_fetch
from coproduce.core.tests.web import Reply


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.8.8", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",  # noqa: S104
        "169.254.1.1", "169.254.169.254", "169.254.170.2", "100.100.100.200", "192.0.2.1", "224.0.0.1",
        "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fec0::1", "fc00::1", "fd12:3456::1",
        "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "2002:a00:1::", "2002:7f00:1::", "64:ff9b::a9fe:a9fe", "::7f00:1", "2001:db8::1",
    ],
)  # fmt: skip
def test_address_refusal_refuses_addresses_that_are_not_public(address):
    assert address_refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "151.101.0.81", "2606:4700::1", "2a00:1450:4009::"])
def test_address_refusal_allows_public_addresses(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_address_refusal_names_metadata_and_this_server():
    assert "cloud server" in str(address_refusal(ipaddress.ip_address("169.254.169.254")))
    assert "cloud server" in str(address_refusal(ipaddress.ip_address("::ffff:169.254.169.254")))
    assert "this server" in str(address_refusal(ipaddress.ip_address("::ffff:127.0.0.1")))


def test_outbound_fetch_refuses_this_server_without_sending_a_request(web_server, settings):
    # given a page on this machine, on a port that is allowed
    server = web_server("127.0.0.1")
    server.replies["/admin"] = Reply()
    settings.OUTBOUND_FETCH_PORTS = (server.server_address[1],)
    # when it is fetched, then it is refused before any request
    with pytest.raises(FetchRefused, match="this server itself"):
        outbound_fetch(f"{server.base}/admin")
    with pytest.raises(FetchRefused, match="this server itself"):
        outbound_fetch(f"http://localhost:{server.server_address[1]}/admin")
    assert server.requests == []


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://10.0.0.8/", "private or local network"),
        ("http://192.168.1.1/router", "private or local network"),
        ("http://169.254.169.254/latest/meta-data/", "cloud server"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "cloud server"),
        ("http://[::1]/", "this server itself"),
        ("http://[::ffff:127.0.0.1]/", "this server itself"),
        ("http://0.0.0.0/", "this server itself"),
        ("https://[fe80::1]/", "private or local network"),
        ("ftp://www.brookvale.example/strategy.pdf", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("gopher://www.brookvale.example/", "http:// or https://"),
        ("http://93.184.215.14:6379/", "usual ports"),
        ("https://[2606:4700::1]:22/", "usual ports"),
        ("http:///strategy", "no server name"),
        ("http://www.brookvale.example:99999/", "not valid"),
    ],
)
def test_outbound_fetch_refuses_private_addresses_schemes_and_ports_before_connecting(
    url, reason, no_outside_traffic
):
    with pytest.raises(FetchRefused, match=reason):
        outbound_fetch(url)
    assert no_outside_traffic == []


def test_outbound_fetch_reads_a_public_page_and_follows_a_redirect(web_server, pretend_public):
    # given a public site whose old address redirects to the page
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    site.replies["/old"] = Reply(status=301, headers={"Location": "/strategy"})
    site.replies["/strategy"] = Reply()
    # when the old address is fetched
    page = outbound_fetch(f"{site.base}/old")
    # then the page is read, with its type
    assert b"Housing Strategy 2025" in page.body
    assert (page.content_type, page.charset) == ("text/html", "utf-8")
    assert site.requests == ["/old", "/strategy"]


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/secret",
        "http://localhost:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
    ],
)
def test_outbound_fetch_refuses_a_redirect_to_this_server(web_server, pretend_public, settings, location):
    # given a public site that redirects to a page that only this server can reach
    inside = web_server("127.0.0.1")
    inside.replies["/secret"] = Reply()
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    settings.OUTBOUND_FETCH_PORTS += (inside.server_address[1],)
    site.replies["/go"] = Reply(
        status=302, headers={"Location": location.format(port=inside.server_address[1])}
    )
    # when the public address is fetched, then the redirect is refused and never followed
    with pytest.raises(FetchRefused, match="this server itself"):
        outbound_fetch(f"{site.base}/go")
    assert site.requests == ["/go"]
    assert inside.requests == []


def test_outbound_fetch_refuses_a_redirect_to_the_metadata_service(
    web_server, pretend_public, no_outside_traffic
):
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    site.replies["/go"] = Reply(status=307, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchRefused, match="cloud server"):
        outbound_fetch(f"{site.base}/go")
    assert no_outside_traffic == []


def test_outbound_fetch_stops_after_a_few_redirects(web_server, pretend_public, settings):
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    site.replies["/loop"] = Reply(status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchRefused, match="more than 3 times"):
        outbound_fetch(f"{site.base}/loop")
    assert len(site.requests) == settings.OUTBOUND_FETCH_MAX_REDIRECTS + 1


def test_outbound_fetch_connects_to_the_address_it_checked(web_server, pretend_public, monkeypatch):
    # given a name that answers with a public address first and this server's address after
    site = web_server("127.0.0.2")
    inside = web_server("127.0.0.1")
    inside.replies["/strategy"] = site.replies["/strategy"] = Reply()
    pretend_public("www.brookvale.example", site)
    resolve, lookups = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        lookups.append(host)
        answer = resolve(host, port, *args, **kwargs)
        return answer if len(lookups) == 1 else [(*answer[0][:4], ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    # when the page is fetched, then the name is looked up once and the checked address is used
    outbound_fetch(f"{site.base}/strategy")
    assert (lookups, site.requests, inside.requests) == (["www.brookvale.example"], ["/strategy"], [])


@pytest.mark.parametrize("declare_length", [True, False])
def test_outbound_fetch_refuses_a_page_over_the_size_limit(
    web_server, pretend_public, settings, declare_length
):
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    settings.OUTBOUND_FETCH_MAX_BYTES = 100_000
    site.replies["/big"] = Reply(body=b"<p>" + b"x" * 100_000, declare_length=declare_length)
    with pytest.raises(FetchRefused, match="larger than 1 MB"):
        outbound_fetch(f"{site.base}/big")


@pytest.mark.parametrize(
    "reply",
    [Reply(pause=5), Reply(body=b"<title>" + b"x" * 200 + b"</title>", drip=0.05)],
    ids=["silent", "dripping"],
)
def test_outbound_fetch_gives_up_on_a_slow_server(web_server, pretend_public, reply):
    # given a server that says nothing for 5 s, or sends a byte every 50 ms (10 s in all)
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    site.replies["/slow"] = reply
    # when it is fetched, then the fetch stops at the deadline (1.5 s in tests), before the reply is complete
    with pytest.raises(FetchRefused, match="too long"):
        outbound_fetch(f"{site.base}/slow")
    assert site.requests == ["/slow"]
    assert site.answered == []


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/octet-stream"])
def test_outbound_fetch_refuses_content_that_is_not_a_page(web_server, pretend_public, content_type):
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    site.replies["/file"] = Reply(headers={"Content-Type": content_type}, body=b"%PDF-1.7")
    with pytest.raises(FetchRefused, match=f"type {content_type}, not a web page"):
        outbound_fetch(f"{site.base}/file")


def test_outbound_fetch_reports_an_error_page(web_server, pretend_public):
    site = web_server("127.0.0.2")
    pretend_public("www.brookvale.example", site)
    with pytest.raises(FetchRefused, match="code 404"):
        outbound_fetch(f"{site.base}/missing")


def test_outbound_fetch_reads_https_with_a_certificate_for_the_name(
    web_server, pretend_public, certificate, monkeypatch
):
    # given a site whose certificate is trusted (here, by adding it to the trusted ones)
    site = web_server("127.0.0.2", certificate=certificate)
    pretend_public("www.brookvale.example", site)
    site.replies["/strategy"] = Reply()
    tls_context = outbound._tls_context

    def trusting() -> ssl.SSLContext:
        context = tls_context()
        context.load_verify_locations(certificate.with_suffix(".crt"))
        return context

    monkeypatch.setattr(outbound, "_tls_context", trusting)
    # when it is fetched over https, then the page is read
    assert b"Housing Strategy" in outbound_fetch(f"{site.base}/strategy").body


def test_outbound_fetch_refuses_https_with_an_untrusted_certificate(web_server, pretend_public, certificate):
    site = web_server("127.0.0.2", certificate=certificate)
    pretend_public("www.brookvale.example", site)
    site.replies["/strategy"] = Reply()
    with pytest.raises(FetchRefused, match="secure connection could not be checked"):
        outbound_fetch(f"{site.base}/strategy")
    assert site.requests == []
