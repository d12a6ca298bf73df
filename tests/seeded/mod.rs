//! The seeded artifact generator: damages a clean document in one recorded place.
//!
//! Each artifact class names the rule that should catch it and an injector that picks a site at
//! random (from a seeded generator, so every run is the same), writes the damage there and
//! returns the damaged text with the byte range where the finding belongs. An injector returns
//! `None` when the document has no suitable site. Injected text is invented here; the damage
//! copies the shapes scrapers leave behind, not any real page.

mod text;

use std::ops::Range;

use text::{paragraphs, sentence_breaks, word_spans, Paragraph};

/// A damaged document and where its damage is.
pub struct Injection {
    pub text: String,
    pub expected: Range<usize>,
}

/// One kind of damage and the rule that owns it.
pub struct ArtifactClass {
    pub rule: &'static str,
    pub inject: fn(&str, &mut Rng) -> Option<Injection>,
}

pub const CLASSES: &[ArtifactClass] = &[
    ArtifactClass {
        rule: "duplicate-line",
        inject: duplicate_line,
    },
    ArtifactClass {
        rule: "repeated-block",
        inject: repeated_block,
    },
    ArtifactClass {
        rule: "near-duplicate-paragraph",
        inject: near_duplicate_paragraph,
    },
    ArtifactClass {
        rule: "repeated-word",
        inject: repeated_word,
    },
    ArtifactClass {
        rule: "stray-marker",
        inject: stray_marker,
    },
    ArtifactClass {
        rule: "irregular-whitespace",
        inject: irregular_whitespace,
    },
    ArtifactClass {
        rule: "trailing-whitespace",
        inject: trailing_whitespace,
    },
    ArtifactClass {
        rule: "multiple-spaces",
        inject: multiple_spaces,
    },
    ArtifactClass {
        rule: "excess-blank-lines",
        inject: excess_blank_lines,
    },
    ArtifactClass {
        rule: "invisible-character",
        inject: invisible_character,
    },
    ArtifactClass {
        rule: "replacement-character",
        inject: replacement_character,
    },
    ArtifactClass {
        rule: "unicode-normalization",
        inject: decomposed_accent,
    },
    ArtifactClass {
        rule: "space-before-punctuation",
        inject: space_before_punctuation,
    },
    ArtifactClass {
        rule: "mojibake",
        inject: mojibake,
    },
    ArtifactClass {
        rule: "mixed-quotes",
        inject: mixed_quotes,
    },
    ArtifactClass {
        rule: "merged-heading",
        inject: merged_heading,
    },
    ArtifactClass {
        rule: "split-paragraph",
        inject: split_paragraph,
    },
    ArtifactClass {
        rule: "run-on-sentence",
        inject: run_on_sentence,
    },
    ArtifactClass {
        rule: "long-sentence",
        inject: long_sentence,
    },
    ArtifactClass {
        rule: "missing-space",
        inject: missing_space,
    },
    ArtifactClass {
        rule: "hyphenation-break",
        inject: hyphenation_break,
    },
];

/// SplitMix64: small, seedable and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

fn injection(text: &str, range: Range<usize>, with: &str) -> Injection {
    Injection {
        expected: range.start..range.start + with.len(),
        text: splice(text, range, with),
    }
}

/// Prose paragraphs: one line, at least `min_words` words, ending a sentence.
fn prose(text: &str, min_words: usize) -> Vec<Paragraph> {
    paragraphs(text)
        .into_iter()
        .filter(|p| p.single_line && p.ends_sentence && word_spans(p.text(text)).len() >= min_words)
        .collect()
}

fn is_lower_word(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_lowercase())
}

/// A space between two plain lowercase words inside a prose paragraph.
fn inner_space(text: &str, rng: &mut Rng) -> Option<usize> {
    let para = rng.pick(&prose(text, 8))?.clone();
    let words = word_spans(para.text(text));
    let gaps: Vec<usize> = words
        .windows(2)
        .filter(|w| {
            let (a, b) = (
                &para.text(text)[w[0].clone()],
                &para.text(text)[w[1].clone()],
            );
            w[0].end + 1 == w[1].start && is_lower_word(a) && is_lower_word(b)
        })
        .map(|w| para.start + w[0].end)
        .collect();
    rng.pick(&gaps).copied()
}

fn duplicate_line(text: &str, rng: &mut Rng) -> Option<Injection> {
    let para = rng.pick(&prose(text, 6))?.clone();
    let line = format!("{}\n", para.text(text));
    Some(injection(text, para.end + 1..para.end + 1, &line))
}

fn repeated_block(text: &str, rng: &mut Rng) -> Option<Injection> {
    let paras = paragraphs(text);
    let header = paras
        .iter()
        .take(2)
        .map(|p| p.text(text))
        .collect::<Vec<_>>();
    if header.len() < 2 || paras.len() < 6 {
        return None;
    }
    let after = &paras[3 + rng.below(paras.len() - 4)];
    let copy = format!("{}\n\n{}\n\n", header[0], header[1]);
    let at = after.end + 2;
    (at <= text.len()).then(|| injection(text, at..at, &copy))
}

fn near_duplicate_paragraph(text: &str, rng: &mut Rng) -> Option<Injection> {
    let candidates = prose(text, 25);
    let source = rng.pick(&candidates)?.clone();
    let body = source.text(text);
    let words = word_spans(body);
    let swap = &words[words.len() / 2];
    let edited = splice(body, swap.clone(), "reportedly");
    let paras = paragraphs(text);
    let later: Vec<&Paragraph> = paras.iter().filter(|p| p.start > source.end + 2).collect();
    let after = rng.pick(&later)?;
    let at = after.end + 1;
    let copy = format!("\n{edited}\n");
    let expected = at + 1..at + 1 + edited.len();
    Some(Injection {
        text: splice(text, at..at, &copy),
        expected,
    })
}

const DOUBLED_WORDS: &[&str] = &["the", "to", "of", "in", "and", "a", "for", "on"];

fn repeated_word(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 8) {
        let body = para.text(text);
        for word in word_spans(body) {
            if DOUBLED_WORDS.contains(&&body[word.clone()]) && body[word.end..].starts_with(' ') {
                sites.push((para.start + word.start, para.start + word.end));
            }
        }
    }
    let &(start, end) = rng.pick(&sites)?;
    let doubled = format!(" {}", &text[start..end]);
    Some(injection(text, end..end, &doubled))
}

const MARKERS: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Skip advertisement",
    "Listen to this article",
    "Continue reading the main story",
    "TT",
];

fn stray_marker(text: &str, rng: &mut Rng) -> Option<Injection> {
    let para = rng.pick(&prose(text, 8))?.clone();
    let marker = format!("{}\n\n", rng.pick(MARKERS)?);
    let at = para.end + 2;
    (at <= text.len()).then(|| Injection {
        expected: at..at + marker.len() - 2,
        text: splice(text, at..at, &marker),
    })
}

fn irregular_whitespace(text: &str, rng: &mut Rng) -> Option<Injection> {
    let at = inner_space(text, rng)?;
    Some(injection(text, at..at + 1, "\u{a0}"))
}

fn trailing_whitespace(text: &str, rng: &mut Rng) -> Option<Injection> {
    let para = rng.pick(&prose(text, 4))?.clone();
    Some(injection(text, para.end..para.end, "  "))
}

fn multiple_spaces(text: &str, rng: &mut Rng) -> Option<Injection> {
    let at = inner_space(text, rng)?;
    Some(injection(text, at..at + 1, "   "))
}

fn excess_blank_lines(text: &str, rng: &mut Rng) -> Option<Injection> {
    let para = rng.pick(&prose(text, 4))?.clone();
    let at = para.end + 1;
    (text[at..].starts_with('\n')).then(|| injection(text, at..at, "\n\n"))
}

fn invisible_character(text: &str, rng: &mut Rng) -> Option<Injection> {
    let at = inner_space(text, rng)?;
    Some(injection(text, at..at, "\u{200b}"))
}

fn replacement_character(text: &str, rng: &mut Rng) -> Option<Injection> {
    let at = inner_space(text, rng)?;
    Some(injection(text, at + 1..at + 1, "\u{fffd}"))
}

fn decomposed_accent(text: &str, rng: &mut Rng) -> Option<Injection> {
    let sites: Vec<usize> = text.match_indices('é').map(|(i, _)| i).collect();
    let &at = rng.pick(&sites)?;
    Some(injection(text, at..at + 'é'.len_utf8(), "e\u{301}"))
}

fn space_before_punctuation(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 8) {
        let body = para.text(text);
        for (i, _) in body.match_indices(", ") {
            if body[..i].ends_with(|c: char| c.is_ascii_lowercase()) {
                sites.push(para.start + i);
            }
        }
    }
    let &at = rng.pick(&sites)?;
    Some(Injection {
        expected: at..at + 2,
        text: splice(text, at..at, " "),
    })
}

/// UTF-8 bytes read back as Windows-1252, the commonest wrong decode on the web.
fn as_windows_1252(s: &str) -> Option<String> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    s.bytes()
        .map(|b| match b {
            0x80..=0x9f => Some(HIGH[usize::from(b - 0x80)]).filter(|&c| c != '\0'),
            _ => Some(char::from(b)),
        })
        .collect()
}

fn mojibake(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 8) {
        let body = para.text(text);
        for word in word_spans(body) {
            if !body[word.clone()].is_ascii() {
                sites.push(para.start + word.start..para.start + word.end);
            }
        }
    }
    let site = rng.pick(&sites)?.clone();
    let garbled = as_windows_1252(&text[site.clone()])?;
    Some(injection(text, site, &garbled))
}

fn mixed_quotes(text: &str, rng: &mut Rng) -> Option<Injection> {
    let curly = text.matches('’').count() + text.matches('“').count();
    let straight = text.matches('\'').count() + text.matches('"').count();
    let (from, to) = if curly > straight {
        ('’', "'")
    } else {
        ('\'', "’")
    };
    let sites: Vec<usize> = text
        .match_indices(from)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + from.len_utf8()..].chars().next();
            matches!((before, after), (Some(b), Some(a)) if b.is_alphabetic() && a.is_alphabetic())
        })
        .map(|(i, _)| i)
        .collect();
    let &at = rng.pick(&sites)?;
    Some(injection(text, at..at + from.len_utf8(), to))
}

fn merged_heading(text: &str, rng: &mut Rng) -> Option<Injection> {
    let paras = paragraphs(text);
    let sites: Vec<(usize, usize)> = paras
        .windows(2)
        .skip(1)
        .filter(|w| {
            let (heading, body) = (&w[0], &w[1]);
            let words = word_spans(heading.text(text)).len();
            heading.single_line
                && !heading.ends_sentence
                && !heading.text(text).ends_with(':')
                && (2..=10).contains(&words)
                && heading.text(text).starts_with(char::is_uppercase)
                && body.ends_sentence
                && body.text(text).starts_with(char::is_uppercase)
        })
        .map(|w| (w[0].start, w[0].end))
        .collect();
    let &(start, end) = rng.pick(&sites)?;
    let glued = splice(text, end..end + 2, " ");
    let next_word_end = end + 1 + glued[end + 1..].find(' ').unwrap_or(0);
    Some(Injection {
        text: glued,
        expected: start..next_word_end,
    })
}

fn split_paragraph(text: &str, rng: &mut Rng) -> Option<Injection> {
    let para = rng.pick(&prose(text, 20))?.clone();
    let body = para.text(text);
    let words = word_spans(body);
    let cuts: Vec<usize> = words
        .windows(2)
        .skip(4)
        .take(words.len().saturating_sub(10))
        .filter(|w| w[0].end + 1 == w[1].start)
        .filter(|w| body[w[0].clone()].chars().all(char::is_alphabetic))
        .filter(|w| is_lower_word(&body[w[1].clone()]))
        .map(|w| para.start + w[0].end)
        .collect();
    let &at = rng.pick(&cuts)?;
    Some(injection(text, at..at + 1, "\n\n"))
}

fn run_on_sentence(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 12) {
        let body = para.text(text);
        for seam in sentence_breaks(body).into_iter().skip(1) {
            sites.push(para.start + seam);
        }
    }
    let &at = rng.pick(&sites)?;
    Some(Injection {
        expected: at.saturating_sub(1)..at + 2,
        text: splice(text, at..at + 1, ""),
    })
}

fn long_sentence(text: &str, rng: &mut Rng) -> Option<Injection> {
    let candidates: Vec<(Paragraph, Paragraph)> = prose(text, 12)
        .windows(2)
        .filter(|pair| pair[1].start == pair[0].end + 2)
        .filter(|pair| pair.iter().all(|p| only_certain_breaks(p.text(text))))
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect();
    let (first, second) = rng.pick(&candidates)?.clone();
    let first_text = first.text(text);
    let fused = format!(
        "{}; {}",
        semicolons_for_full_stops(&first_text[..first_text.len() - 1]),
        semicolons_for_full_stops(second.text(text))
    );
    (word_spans(&fused).len() > 65).then(|| injection(text, first.start..second.end, &fused))
}

/// True when every sentence in `body` ends at a seam `sentence_breaks` finds, or at its end.
fn only_certain_breaks(body: &str) -> bool {
    let ends = body.matches(['.', '!', '?', ':', ';']).count();
    body.ends_with('.') && ends == sentence_breaks(body).len() + 1
}

fn semicolons_for_full_stops(body: &str) -> String {
    let mut out = body.to_owned();
    for seam in sentence_breaks(body) {
        out.replace_range(seam..seam + 1, ";");
    }
    out
}

fn missing_space(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 12) {
        let body = para.text(text);
        for seam in sentence_breaks(body) {
            sites.push(para.start + seam + 1);
        }
    }
    let &at = rng.pick(&sites)?;
    Some(Injection {
        expected: at - 1..at + 1,
        text: splice(text, at..at + 1, ""),
    })
}

fn hyphenation_break(text: &str, rng: &mut Rng) -> Option<Injection> {
    let mut sites = Vec::new();
    for para in prose(text, 12) {
        let body = para.text(text);
        for word in word_spans(body) {
            let w = &body[word.clone()];
            if w.len() >= 9 && is_lower_word(w) && text.matches(w).count() >= 2 {
                sites.push(para.start + word.start + w.len() / 2..para.start + word.end);
            }
        }
    }
    let site = rng.pick(&sites)?.clone();
    let word_start = text[..site.start].rfind(' ').map_or(0, |i| i + 1);
    let broken = splice(text, site.start..site.start, "-\n");
    Some(Injection {
        expected: word_start..site.end + 2,
        text: broken,
    })
}
