// The runbook page: the Markdown subset docs/runbook.md uses, rendered to HTML with the section
// ids the alerts' runbook_url points at, and the runbook built into the binary.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "web/runbook_page.hpp"

namespace bambu {

TEST_CASE("runbook page: headings with ids, paragraphs, lists, tables, inline markup, links") {
  const std::string html = RenderRunbookPage(
      "# Runbook: the Bambu alerts\n"
      "\n"
      "One section per alert of [`alerts`](../deploy/prometheus/bambu-alerts.yml):\n"
      "what it <means>.\n"
      "\n"
      "## BambuTrayLow\n"
      "\n"
      "**Means:** a tray is low; see [the other](#bambuhmserroractive) or\n"
      "[the wiki](https://wiki.bambulab.com/en/home).\n"
      "- first `a & b`\n"
      "  continued\n"
      "- second\n"
      "\n"
      "| level | severity |\n"
      "|---|---|\n"
      "| fatal | critical |\n");
  CHECK(html.find("<h1 id=\"runbook-the-bambu-alerts\">Runbook: the Bambu alerts</h1>") !=
        std::string::npos);
  CHECK(html.find("<p>One section per alert of <code>alerts</code>: what it &lt;means&gt;.</p>") !=
        std::string::npos);
  CHECK(html.find("<h2 id=\"bambutraylow\">BambuTrayLow</h2>") != std::string::npos);
  CHECK(html.find("<p><strong>Means:</strong> a tray is low; see <a "
                  "href=\"#bambuhmserroractive\">the other</a> or <a "
                  "href=\"https://wiki.bambulab.com/en/home\">the wiki</a>.</p>") !=
        std::string::npos);
  CHECK(html.find("<ul><li>first <code>a &amp; b</code> continued</li><li>second</li></ul>") !=
        std::string::npos);
  CHECK(html.find("<table><tr><th>level</th><th>severity</th></tr><tr><td>fatal</td><td>"
                  "critical</td></tr></table>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("the built-in runbook has a section id for every alert heading") {
  const std::string_view markdown = RunbookMarkdown();
  REQUIRE(markdown.substr(0, 29) == "# Runbook: the Bambu alerts\n\n");
  const std::string html = RenderRunbookPage(markdown);
  const std::regex heading("\n## (Bambu[A-Za-z]+)\n");
  std::set<std::string> alerts;
  const std::string text(markdown);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), heading);
       it != std::sregex_iterator(); ++it) {
    alerts.insert((*it)[1]);
  }
  CHECK(alerts.size() >= 13);
  CHECK(alerts.count("BambuHmsErrorActive") == 1);
  for (const std::string& alert : alerts) {
    CHECK_MESSAGE(
        html.find("<h2 id=\"" + HeadingId(alert) + "\">" + alert + "</h2>") != std::string::npos,
        alert);
  }
  CHECK(HeadingId("BambuHmsErrorActive") == "bambuhmserroractive");
}

}  // namespace bambu
