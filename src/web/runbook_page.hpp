// The runbook (docs/runbook.md, embedded at build time) as an HTML page at /runbook, so the
// runbook_url of an alert opens its section: each "## AlertName" heading gets the id
// "alertname". Renders the Markdown subset the runbook uses: headings, paragraphs, "- " lists
// (continued by indented lines), pipe tables, inline code, **bold** and links (in-page "#..."
// and http(s) links stay links; links into the repository become plain text, as the exporter
// does not serve those files).
#pragma once

#include <string>
#include <string_view>

namespace bambu {

/// docs/runbook.md as built into this binary (generated source, see CMakeLists.txt).
std::string_view RunbookMarkdown();

/// `markdown` rendered as a self-contained HTML page (inline CSS, no scripts).
std::string RenderRunbookPage(std::string_view markdown);

/// The id of a heading: its text in lower case, spaces as "-", other punctuation dropped
/// ("BambuTrayLow" -> "bambutraylow"), as GitHub names section anchors.
std::string HeadingId(std::string_view heading);

}  // namespace bambu
