"""Safe links, CSP text, the CSRF comparison."""

import pytest

from parkatlas.web.security import content_security_policy, csrf_ok, safe_url, tile_origin


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.gov.cn/a?b=1", "https://www.gov.cn/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("/p/sites/S1", "/p/sites/S1"),
        ("javascript:alert(1)", "#"),
        (" JavaScript:alert(1)", "#"),
        ("java\tscript:alert(1)", "#"),
        ("data:text/html,<script>", "#"),
        ("//evil.example/x", "#"),
        ("vbscript:x", "#"),
        ("", "#"),
        (None, "#"),
    ],
)
def test_safe_url(url, shown) -> None:  # type: ignore[no-untyped-def]
    assert safe_url(url) == shown


def test_csp_has_no_inline_script_and_forbids_framing() -> None:
    csp = content_security_policy()
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "https://" not in csp  # no CDN


def test_tile_origin_is_added_to_img_src_only() -> None:
    assert tile_origin("https://webrd0{s}.is.autonavi.com/x/{z}/{x}/{y}") is not None
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("") is None
    csp = content_security_policy(["https://tile.openstreetmap.org"])
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp


def test_csrf_ok() -> None:
    assert csrf_ok("abc", "abc")
    assert not csrf_ok("abc", "abd")
    assert not csrf_ok(None, "abc")
    assert not csrf_ok("abc", None)
    assert not csrf_ok("", "")
