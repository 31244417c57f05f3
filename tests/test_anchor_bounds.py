"""A quote is untrusted text of any length: finding where it stops matching, and the scale word after each of its
numbers, must cost about its length, never its square (a quote of 20,000 words took 3.7 s, a number before
200,000 Chinese characters 12 s)."""
from hypothesis import given, strategies as st

from generator.check.anchors import _first_unmatched, _prefixes, longest_scale_word, number_in, scale_word_table


def _one_by_one(piece: str, text: str) -> str:
    """The definition: the shortest leading run of words not in the text, by its last four words."""
    words = piece.split(" ")
    for n in range(1, len(words) + 1):
        if " ".join(words[:n]) not in text:
            return " ".join(words[max(0, n - 4):n])
    return piece


class CountingText(str):
    searches = 0

    def __contains__(self, part: object) -> bool:
        CountingText.searches += 1
        return super().__contains__(part)  # type: ignore[operator]


@given(st.lists(st.sampled_from(["a", "b", "ab", "c"]), min_size=1, max_size=12),
       st.lists(st.sampled_from(["a", "b", "ab", "c"]), max_size=30))
def test_the_first_unmatched_run_is_the_one_found_word_by_word(quote_words, text_words):
    piece, text = " ".join(quote_words), " ".join(text_words)
    if piece not in text:
        assert _first_unmatched(piece, text) == _one_by_one(piece, text)


def test_a_long_quote_is_searched_a_few_times_not_once_per_word():
    words = [f"w{i}" for i in range(20_000)]
    text = CountingText(" ".join(words))
    CountingText.searches = 0
    assert _first_unmatched(" ".join(words) + " zzz", text) == "w19997 w19998 w19999 zzz"
    assert CountingText.searches <= 20


def test_a_chinese_run_after_a_number_is_tried_only_as_long_as_a_scale_word():
    longest = longest_scale_word()
    assert longest == max(len(word) for word in scale_word_table())
    assert len(list(_prefixes("亿" + "中" * 100_000, longest))) == longest
    assert list(_prefixes("万亿元", longest)) == ["万亿元", "万亿", "万"]
    assert number_in("69.5", "贸易额为695亿" + "中" * 100_000, 9)
    assert not number_in("7", "1" + "中" * 100_000, 0)
