"""Suggested clusters: alike cards grouped and named by their top words; unrelated cards left alone."""

from coproduce.workshops.clusters_suggest import SuggestedCluster, clusters_suggest

CARDS = [
    ("a", "One referral form for every service"),
    ("b", "A shared referral form"),
    ("c", "Referral forms are too long"),
    ("f", "Pool small grants"),
    ("g", "Funders should pool their grants"),
    ("h", "More parking at the hall"),
]


def test_clusters_suggest_groups_alike_cards_and_names_them():
    suggestions = clusters_suggest(CARDS)

    assert [s.keys for s in suggestions] == [("a", "b", "c"), ("f", "g")]
    assert set(suggestions[0].terms[:2]) == {"referral", "form"}
    assert suggestions[0].title == ", ".join(suggestions[0].terms).capitalize()
    assert "grant" in suggestions[1].terms and "pool" in suggestions[1].terms


def test_clusters_suggest_leaves_out_a_card_alike_to_none():
    keys = {key for s in clusters_suggest(CARDS) for key in s.keys}
    assert "h" not in keys


def test_clusters_suggest_matches_word_endings_and_typos():
    # the character n-grams find "referal" and "referrals" alike
    suggestions = clusters_suggest([("1", "referal forms"), ("2", "referrals form"), ("3", "car park")])
    assert [s.keys for s in suggestions] == [("1", "2")]


def test_clusters_suggest_is_deterministic():
    assert clusters_suggest(CARDS) == clusters_suggest(list(CARDS))


def test_clusters_suggest_needs_at_least_two_cards_and_some_words():
    assert clusters_suggest([]) == []
    assert clusters_suggest([("a", "Pool small grants")]) == []
    assert clusters_suggest([("a", "   "), ("b", "")]) == []


def test_clusters_suggest_stop_words_only_still_answers():
    assert isinstance(clusters_suggest([("a", "the and of"), ("b", "of the and")]), list)


def test_clusters_suggest_threshold_and_min_size():
    assert clusters_suggest(CARDS, threshold=0.99) == []
    big = clusters_suggest(CARDS, min_size=3)
    assert [s.keys for s in big] == [("a", "b", "c")]
    assert all(isinstance(s, SuggestedCluster) for s in big)
