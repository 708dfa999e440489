"""Languages other than English are flagged; short and mixed English texts are not."""

from __future__ import annotations

from analysis.language import ENGLISH, language

ENGLISH_TEXT = (
    "The council approved the new budget on Tuesday after a long debate about the cost of repairing "
    "the bridges, and the mayor said the vote showed that the city could still agree on what matters."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Kosten der Brückenreparaturen den "
    "neuen Haushalt beschlossen, und der Bürgermeister sagte, die Abstimmung zeige, dass sich die Stadt einigen könne."
)
FRENCH = (
    "Le conseil municipal a adopté mardi le nouveau budget après un long débat sur le coût de la réparation "
    "des ponts, et le maire a déclaré que le vote montrait que la ville pouvait encore s'entendre sur l'essentiel."
)


def test_english_and_other_languages():
    assert language(ENGLISH_TEXT) == ENGLISH
    assert language(GERMAN) == "de"
    assert language(FRENCH) == "fr"


def test_short_text_is_taken_as_english():
    assert language("Bonjour tout le monde, merci beaucoup.") == ENGLISH


def test_english_article_quoting_another_language_stays_english():
    assert language(ENGLISH_TEXT + " " + ENGLISH_TEXT + ' One resident said: "Merci pour tout."') == ENGLISH


def test_english_with_few_stop_words_still_goes_to_the_identifier():
    from analysis.keyterms import load_stopwords
    from analysis.language import _WORD, ENGLISH_SHARE

    terse = (
        "Markets: stocks rally, bonds slip, oil jumps. Tech shares lead gains; banks lag. Investors eye inflation data, "
        "central bank minutes, earnings season. Analysts expect volatility, cautious trading, thin volumes, holiday calm."
    )
    words = _WORD.findall(terse.casefold())
    assert sum(w in load_stopwords() for w in words) < ENGLISH_SHARE * len(words)  # the shortcut does not apply
    assert language(terse) == ENGLISH
