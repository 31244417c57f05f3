"""The model's shared rules for text and links, which every writer relies on."""
import pytest

from generator.model import safe_url, strip_controls


@pytest.mark.parametrize("url, live", [
    ("https://example.org/a?b=1&c=2", True), ("http://customs.gov.cn", True), ("mailto:unit@example.org", True),
    ("javascript:alert(1)", False), ("https:foo", False), ("file:///etc/passwd", False), ("mailto:", False),
    ("https://exa mple.org", False), ("https://example.org/\x00", False), ("", False), ("/relative/path", False),
])
def test_only_http_with_a_host_and_mailto_links_are_live(url, live):
    assert (safe_url(url) is not None) == live


def test_strip_controls_keeps_text_tabs_and_newlines():
    assert strip_controls("a\x00b\x0bc\x0cd\x7fe\x85f\ud800g\ufffeh\ti\nj Кириллица") == "abcdefgh\ti\nj Кириллица"
