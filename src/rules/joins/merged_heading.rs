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
               block and reports the first seam that passes every test below.\n\n\
               - Heading shape: the block starts with a capital letter and not with \"By \" (a \
               byline), and ends a sentence; between the heading's words stand only spaces, \
               `&`, a plural possessive's apostrophe and at most one comma (so datelines such \
               as \"LONDON (Reuters) -\" never pass); the heading does not end on a function \
               word (\"to\", \"the\"), a naming or reporting verb (\"called\", \"said\"), a \
               title (\"Minister\"), a possessive or an acronym; it holds no lowercase past tense \
               right before a determiner (\"signed the\"), as a sentence's verb and object \
               stand (such a line is a sentence run into the next, left to \
               `run-on-sentence`). A title-case heading may end on \
               a capitalised function word (\"Came About\"), a heading that starts with a \
               question word on an auxiliary (\"What to do\").\n\n\
               - The document has its own stand-alone subheadings: at least one line of 1 to \
               12 words without final punctuation (a question mark aside) standing alone \
               between two paragraphs, in the capitalisation style of the glued heading \
               (sentence case, title case, capitals; a heading too short to judge matches any). \
               Without them a fused seam is left to `run-on-sentence`.\n\n\
               - At least four words follow the seam, and the two words at the seam never \
               stand side by side elsewhere in the document.\n\n\
               - The word after the seam opens a sentence, on one of these kinds of evidence \
               (each named in the finding's help):\n\n\
               - an opener: `fused-openers` (\"The\", \"But\", \"He\"), `foreign-openers` \
               (\"Les\", \"El\"), German articles in a German document, a sentence opener of \
               `rules/openers.toml` or `extra-openers` (\"When\", \"Nobody\") or a contraction \
               of one (\"Don't\"), followed by a lowercase word, never used alone as a title in \
               the document (\"the novel It, a bestseller\"), and not after a name context \
               (\"the film\") unless a lowercase word follows. A determiner may open with a \
               short name (\"The Harbor Bridge reopened\");\n\n\
               - a title, honorific or possessive opening a name (\"Mr. Vik's lawyers\"), or a \
               name the document opens other sentences with, before an auxiliary, after a \
               heading of at most five words;\n\n\
               - a common word: seen in lower case elsewhere (\"residents\") or the plural of \
               one, and capitalised inside a sentence only here; in German, a word the \
               document writes in lower case elsewhere;\n\n\
               - a plural or gerund found nowhere else (\"Spectators\", \"Organizing\"); a \
               word in -ing before a reporting verb, or after a capitalised word before any \
               verb, is a surname instead (\"Anna Golding said\");\n\n\
               - a name the document opens other sentences with, before a verb;\n\n\
               - after a heading of four words or more, two names that each stand alone inside \
               at least three sentences, the first never before a capitalised word and the \
               second never after one, so they are two names and not one (\"Manchester \
               United\"), with no determiner before the first (\"a Latin Grammy\").\n\n\
               - The evidence weaker than an opener is not accepted after a heading that reads \
               as a sentence's opening: one that holds a reporting verb or a past or modal \
               auxiliary (\"said\", \"was\", \"could\"), or starts with a preposition, \
               conjunction or pronoun (\"After the vote\", \"I think\"). Nor is it after a \
               name context (\"the ship Aurora\"), a modifier (\"former\", \"southern\") or \
               an infinitive (\"to see\"), nor in a document that capitalises more than a \
               quarter of the words inside its sentences (German, title case), German aside.\n\n\
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
        "Depot plans go ahead\n\n\
         Councillors approved the depot on Tuesday after a long debate.\n\n\
         What comes next\n\n\
         Council leader Anna Golding said the work would start in the spring.\n\n\
         The minister signed the order in April The council must now hire a builder.\n",
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
                    "{}; the words before it read as a subheading",
                    seam.opening.evidence(opener)
                ))
                .with_fix(Fix::unsafe_edits(
                    "put the subheading on a line of its own",
                    vec![Edit::replace(seam.gap, line_ending.repeat(2))],
                )),
            );
        }
    }
}
