//! `merged-heading`: a subheading run into the paragraph after it, with no punctuation between
//! ("Floodwaters reach the old town The river rose two metres overnight."). The judgement is in
//! `seam::heading_seam`, shared with `run-on-sentence`.

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

use super::seam::heading_seam;

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(MergedHeading)),
};

const META: RuleMeta = RuleMeta {
    name: "merged-heading",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "a subheading runs into the paragraph after it",
    docs: RuleDocs {
        what: "Finds a subheading glued to the start of the paragraph after it: a block opens \
               with 2 to 12 words that read as a heading, then a capitalised word opens a \
               sentence with no punctuation between them. It looks only at the first line of a \
               block, takes the first seam that passes, and every signal below must hold:\n\n\
               - Heading shape: the block starts with a capital letter and not with \"By \" (a \
               byline); between the heading's words stand only spaces, `&` and at most one \
               comma (no full stop, colon, dash, bracket or quote, so datelines such as \
               \"LONDON (Reuters) -\" never pass); the heading does not end on a function word \
               (\"to\", \"the\", \"including\"), a naming verb (\"called\"), a reporting \
               verb (\"said\"), a title (\"Minister\"), a possessive or an acronym, nor on a \
               name context (\"the ship\", \"the film\") unless a sentence opener and a \
               lowercase word follow.\n\n\
               - A sentence opens at the seam: the capitalised word has two letters or more and \
               is not an acronym or a title, and the word after it is not capitalised, so a run \
               of capitalised words (\"Northern Star\") stays one name. After a determiner \
               (\"The\", \"This\") a short capitalised name may come first (\"The Harbor \
               Bridge reopened\").\n\n\
               - A paragraph follows: at least four more words, and the block ends a sentence. \
               A headline or caption with nothing after it never fires.\n\n\
               - The document has its own stand-alone subheadings: at least one line of 1 to \
               12 words without final punctuation (a question mark aside) standing alone \
               between two paragraphs, in the same capitalisation style as the glued heading \
               (sentence case, title case or capitals). Without them a fused seam is left to \
               `run-on-sentence`.\n\n\
               - The two words at the seam never stand side by side elsewhere in the document.\n\n\
               - The word after the seam opens a sentence, by one of these kinds of evidence: \
               it is in `fused-openers` (\"The\", \"But\", \"He\"), or in \
               `rules/openers.toml` (\"When\", \"Much\") after a lowercase word, and the \
               document never uses it alone as a title (\"the novel It, a bestseller\"); or it \
               is a common word, seen in lower case elsewhere (\"military\") or the plural of \
               one (\"Forecasters\" after \"forecaster\"), and capitalised inside a sentence \
               only here; or the heading has four words or more and both seam words are names \
               that each stand inside at least two other sentences, the first never before a \
               capitalised word and the second never after one, so they are two names and not \
               one (\"Manchester United\"), with no determiner before the first (\"a Latin \
               Grammy\").\n\n\
               - The common-word and name evidence is ignored in a document that capitalises \
               more than a quarter of the words inside its sentences: German prose, which \
               capitalises every noun, or text in title case.\n\n\
               The word lists are data in `rules/seams.toml`; the document-level evidence is \
               gathered once per document (see `src/document/evidence.rs`).",
        why: "Scrapers flatten a page's subheading element and its paragraph into one line when \
              the markup between them is lost. The heading then reads as the start of a \
              sentence that makes no sense, and a search for the heading finds nothing.",
        options: "",
        fix: "Unsafe: puts the heading on a line of its own, then a blank line, then the \
              paragraph, using the file's line ending. It is unsafe because the evidence is \
              circumstantial: two words side by side can still be one name the document \
              mentions once.",
    },
    fires: &[
        "Storm season starts early\n\n\
         Forecasters expect the first storm to reach the coast on Tuesday night.\n\n\
         Shelters open across the county\n\n\
         Officials opened four shelters on Monday. Each can hold about 500 people.\n\n\
         Floodwaters reach the old town The river rose two metres overnight and covered the \
         market square.\n",
        "Port strike ends\n\n\
         The strike at Valdora's port ended on Friday. Cargo bound for Tarsen had piled up.\n\n\
         What the deal gives\n\n\
         Workers at Valdora's docks won a raise of 4% and a shorter week.\n\n\
         Goods are again moving to Tarsen Valdora's cranes worked through the night. Trucks \
         left for Tarsen at dawn.\n",
    ],
    silent: &[
        "Budget passes\n\n\
         Finance Minister Clara Brandt said the budget would pass on Friday.\n\n\
         Ships in port\n\n\
         The cargo ships Northern Star and Aurora docked on Monday. Brandt met the crews.\n\n\
         Two ships Northern Star and Aurora left again on Tuesday night for the north.\n",
        "A quiet week\n\n\
         LONDON (Reuters) - The market rose on Monday.\n\n\
         Outlook\n\n\
         By Jane Smith The Times reported the rise first.\n\n\
         Floodwaters reach the old town The river\n",
        "Floodwaters reach the old town The river rose two metres overnight.\n",
    ],
};

struct MergedHeading;

impl Rule for MergedHeading {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let line_ending = doc.line_ending();
        for &block in doc.blocks() {
            let Some(seam) = heading_seam(doc, block) else {
                continue;
            };
            let opener = doc.slice(seam.opener);
            reporter.report(
                Diagnostic::new(
                    Span::new(seam.heading.start, seam.opener.end),
                    "subheading runs into its paragraph",
                )
                .with_help(format!(
                    "the paragraph starts at `{opener}`; the words before it read as a \
                     subheading"
                ))
                .with_fix(Fix::unsafe_edits(
                    "put the subheading on a line of its own",
                    vec![Edit::replace(seam.gap, line_ending.repeat(2))],
                )),
            );
        }
    }
}
