#include "web/runbook_page.hpp"

#include <cctype>
#include <vector>

#include "web/landing_page.hpp"

namespace bambu {
namespace {

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.4}"
    "code{background:#f2f2f2;padding:0 .2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
    "h2{border-top:1px solid #ccc;padding-top:.6em}";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

/// `[text](target)` at `text[0]`: sets text and target, returns the length, or 0.
std::size_t ParseLink(std::string_view text, std::string_view& label, std::string_view& target) {
  const std::size_t close = text.find("](");
  if (text.empty() || text[0] != '[' || close == std::string_view::npos) return 0;
  const std::size_t end = text.find(')', close);
  if (end == std::string_view::npos) return 0;
  label = text.substr(1, close - 1);
  target = text.substr(close + 2, end - close - 2);
  return end + 1;
}

std::string Inline(std::string_view text);

std::string Link(std::string_view label, std::string_view target) {
  if (StartsWith(target, "#") || StartsWith(target, "https://") || StartsWith(target, "http://")) {
    return "<a href=\"" + HtmlEscape(target) + "\">" + Inline(label) + "</a>";
  }
  return Inline(label);  // a file of the repository: not served here
}

/// Inline markup of one paragraph, table cell or list item, HTML-escaped.
std::string Inline(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '`') {
      const std::size_t end = text.find('`', i + 1);
      if (end != std::string_view::npos) {
        out += "<code>" + HtmlEscape(text.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    }
    if (StartsWith(text.substr(i), "**")) {
      const std::size_t end = text.find("**", i + 2);
      if (end != std::string_view::npos) {
        out += "<strong>" + Inline(text.substr(i + 2, end - i - 2)) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    std::string_view label;
    std::string_view target;
    if (const std::size_t used = ParseLink(text.substr(i), label, target); used > 0) {
      out += Link(label, target);
      i += used;
      continue;
    }
    out += HtmlEscape(text.substr(i, 1));
    ++i;
  }
  return out;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<std::string_view> Cells(std::string_view row) {
  row = Trim(row);
  if (StartsWith(row, "|")) row.remove_prefix(1);
  if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  std::vector<std::string_view> cells;
  for (std::size_t bar; (bar = row.find('|')) != std::string_view::npos;) {
    cells.push_back(Trim(row.substr(0, bar)));
    row.remove_prefix(bar + 1);
  }
  cells.push_back(Trim(row));
  return cells;
}

/// Renders the table whose rows start at lines[i]; returns the index after it.
std::size_t Table(const std::vector<std::string_view>& lines, std::size_t i, std::string& out) {
  out += "<table>";
  bool header = true;
  for (; i < lines.size() && StartsWith(Trim(lines[i]), "|"); ++i) {
    if (Trim(lines[i]).find_first_not_of("|-: ") == std::string_view::npos) continue;
    out += "<tr>";
    for (std::string_view cell : Cells(lines[i])) {
      out += header ? "<th>" + Inline(cell) + "</th>" : "<td>" + Inline(cell) + "</td>";
    }
    out += "</tr>";
    header = false;
  }
  out += "</table>\n";
  return i;
}

/// Renders the "- " list starting at lines[i]; indented lines continue an item.
std::size_t List(const std::vector<std::string_view>& lines, std::size_t i, std::string& out) {
  out += "<ul>";
  while (i < lines.size() && StartsWith(lines[i], "- ")) {
    std::string item(lines[i].substr(2));
    for (++i; i < lines.size() && StartsWith(lines[i], "  ") && !Trim(lines[i]).empty(); ++i) {
      item += " ";
      item += Trim(lines[i]);
    }
    out += "<li>" + Inline(item) + "</li>";
  }
  out += "</ul>\n";
  return i;
}

bool StartsBlock(std::string_view line) {
  return StartsWith(line, "#") || StartsWith(line, "- ") || StartsWith(Trim(line), "|");
}

void Heading(std::string_view line, std::string& out) {
  std::size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  const std::string_view text = Trim(line.substr(level));
  const std::string tag = "h" + std::to_string(level);
  out += "<" + tag + " id=\"" + HeadingId(text) + "\">" + Inline(text) + "</" + tag + ">\n";
}

}  // namespace

std::string HeadingId(std::string_view heading) {
  std::string id;
  for (char c : heading) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_') {
      id += static_cast<char>(std::tolower(u));
    } else if (c == ' ') {
      id += '-';
    }
  }
  return id;
}

std::string RenderRunbookPage(std::string_view markdown) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Runbook: the Bambu alerts</title><style>" +
      std::string(kStyle) + "</style></head><body>\n";
  const std::vector<std::string_view> lines = Lines(markdown);
  for (std::size_t i = 0; i < lines.size();) {
    const std::string_view line = lines[i];
    if (Trim(line).empty()) {
      ++i;
    } else if (StartsWith(line, "#")) {
      Heading(line, out);
      ++i;
    } else if (StartsWith(Trim(line), "|")) {
      i = Table(lines, i, out);
    } else if (StartsWith(line, "- ")) {
      i = List(lines, i, out);
    } else {
      std::string paragraph(Trim(line));
      for (++i; i < lines.size() && !Trim(lines[i]).empty() && !StartsBlock(lines[i]); ++i) {
        paragraph += " ";
        paragraph += Trim(lines[i]);
      }
      out += "<p>" + Inline(paragraph) + "</p>\n";
    }
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace bambu
