"""Re-publications and travelling quotes between outlets."""

from __future__ import annotations

import pandas as pd

from analysis.provenance import document_overlap, shared_passages, travelling_quotes


def test_shared_passages_pair_near_identical_sentences_across_outlets(seed_tables):
    passages = shared_passages(seed_tables["sentences"], seed_tables["documents"])
    assert len(passages) >= 2
    assert (passages.doc_a != passages.doc_b).all()
    # the CEO's letter, quoted by the EFF post and by NPR / MediaNama
    letter = passages[passages.text_a.str.contains("firmly opposes") | passages.text_b.str.contains("firmly opposes")]
    assert {"003"} <= set(letter.doc_a) | set(letter.doc_b)
    assert passages.similarity.between(0, 1).all()
    overlap = document_overlap(passages, seed_tables["documents"])
    assert overlap.shared_sentences.sum() == len(passages)


def test_travelling_quotes_allow_rewording(seed_tables):
    travelling = travelling_quotes(seed_tables["quotes"], seed_tables["documents"])
    wessler = travelling[travelling.speaker == "Nate Freed Wessler"]
    # "It is good that IBM has taken this step" (000, re-worded) and "It's good that IBM took this step" (001)
    assert (wessler.n_outlets >= 2).any()
    assert (travelling.n_outlets >= 2).all()


def test_unrelated_documents_share_nothing():
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "sent_id": [0, 0],
            "kind": ["body", "body"],
            "text": [
                "The council met on Tuesday to discuss the new bus routes in the city.",
                "A storm closed the harbour and delayed every ferry until Friday evening.",
            ],
        }
    )
    documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["A", "B"], "group": ["g", "g"]})
    assert shared_passages(sentences, documents).empty
