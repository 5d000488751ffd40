// The SSDP NOTIFY parser on the two real captures and on hostile datagrams.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "config/discovery_config.hpp"
#include "discovery/ssdp_notify.hpp"

namespace bambu {
namespace {

std::string Capture(const std::string& name) {
  std::ifstream in(std::string(BAMBU_FIXTURE_DIR) + "/ssdp/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  REQUIRE(!text.str().empty());
  return text.str();
}

std::string WithCrLf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string RejectOf(std::string_view datagram) {
  const NotifyResult result = ParseNotify(datagram);
  return result.announcement ? "accepted" : std::string(NotifyRejectLabel(result.reject));
}

}  // namespace

TEST_CASE("ssdp: the X1C capture gives every field") {
  for (const std::string& text :
       {Capture("kittycad_X1C_notify.txt"), WithCrLf(Capture("kittycad_X1C_notify.txt"))}) {
    const NotifyResult result = ParseNotify(text);
    REQUIRE(result.announcement);
    const Announcement& a = *result.announcement;
    CHECK(a.serial == "00M09C452703629");
    CHECK(a.model_code == "BL-P001");
    CHECK(a.name == "3DP-00M-629");
    CHECK(a.address == "192.168.1.68");
    CHECK(a.connect_mode == "lan");
    CHECK(a.bind_state == "free");
    CHECK(a.firmware == "01.08.00.00");
    CHECK(a.signal_dbm == -51);
  }
}

TEST_CASE("ssdp: the P1P capture (no NTS, upper-case HOST, DevCap) is read") {
  const NotifyResult result = ParseNotify(Capture("bambu-farm_P1P_notify.txt"));
  REQUIRE(result.announcement);
  CHECK(result.announcement->serial == "01S00C123456789");
  CHECK(result.announcement->model_code == "C11");
  CHECK(result.announcement->name == "P1P farm 7");
  CHECK(result.announcement->signal_dbm == -36);
}

TEST_CASE("ssdp: header names are case-insensitive, a uuid: prefix is removed") {
  const std::string text =
      "NOTIFY * HTTP/1.1\r\nusn: uuid:01P00A000000001\r\nLOCATION:10.0.0.9\r\n"
      "devmodel.BAMBU.com: C12\r\nX-Unknown: whatever: with colons\r\n\r\nbody ignored";
  const NotifyResult result = ParseNotify(text);
  REQUIRE(result.announcement);
  CHECK(result.announcement->serial == "01P00A000000001");
  CHECK(result.announcement->address == "10.0.0.9");
  CHECK(result.announcement->model_code == "C12");
  CHECK(result.announcement->name.empty());
  CHECK_FALSE(result.announcement->signal_dbm);
}

TEST_CASE("ssdp: malformed datagrams are rejected with their reason") {
  const std::string head = "NOTIFY * HTTP/1.1\r\n";
  const std::string ok = "USN: S1\r\nLocation: 10.0.0.9\r\nDevModel.bambu.com: C12\r\n";
  CHECK(RejectOf(head + ok) == "accepted");
  CHECK(RejectOf(std::string(kMaxDatagramBytes + 1, 'A')) == "oversized");
  CHECK(RejectOf(head + ok + "X: " + std::string(1, '\0') + "\r\n") == "binary");
  CHECK(RejectOf(head + ok + "DevName.bambu.com: \xff\xfe\r\n") == "binary");
  CHECK(RejectOf(head + ok + "DevName.bambu.com: caf\xc3\r\n") == "binary");
  CHECK(RejectOf(head + ok + "DevName.bambu.com: caf\xc3\xa9\r\n") == "accepted");
  CHECK(RejectOf("M-SEARCH * HTTP/1.1\r\n" + ok) == "not_notify");
  CHECK(RejectOf("HTTP/1.1 200 OK\r\n" + ok) == "not_notify");
  CHECK(RejectOf(head + ok + "no colon here\r\n") == "malformed_header");
  CHECK(RejectOf(head + ok + ": empty name\r\n") == "malformed_header");
  CHECK(RejectOf(head + ok + "bad name: x\r\n") == "malformed_header");
  std::string many = head + ok;
  for (int i = 0; i < 40; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  CHECK(RejectOf(many) == "too_many_headers");
  CHECK(RejectOf(head + ok + "X: " + std::string(kMaxLineBytes, 'y') + "\r\n") == "line_too_long");
  CHECK(RejectOf(head + ok + "usn: S2\r\n") == "duplicate_header");
  CHECK(RejectOf(head + ok + "NT: urn:schemas-upnp-org:device:basic:1\r\n") == "not_printer");
  CHECK(RejectOf(head + "Location: 10.0.0.9\r\nDevModel.bambu.com: C12\r\n") == "missing_field");
  CHECK(RejectOf(head + "USN: S1\r\nDevModel.bambu.com: C12\r\n") == "missing_field");
  CHECK(RejectOf(head + "USN: S1\r\nLocation: 10.0.0.9\r\n") == "missing_field");
  CHECK(RejectOf(head + "USN: S 1\r\nLocation: 10.0.0.9\r\nDevModel.bambu.com: C12\r\n") ==
        "bad_serial");
  CHECK(RejectOf(head + "USN: " + std::string(33, 'A') +
                 "\r\nLocation: 10.0.0.9\r\nDevModel.bambu.com: C12\r\n") == "bad_serial");
  for (const char* address : {"http://10.0.0.9", "10.0.0.9:80", "10.0.0", "10.0.0.256", "010.0.0.9",
                              "PRINTER IP", "10.0.0.9.1"}) {
    CAPTURE(address);
    CHECK(RejectOf(head + "USN: S1\r\nLocation: " + address + "\r\nDevModel.bambu.com: C12\r\n") ==
          "bad_address");
  }
  CHECK(RejectOf(head + ok + "DevSignal.bambu.com: strong\r\n") == "bad_field");
  CHECK(RejectOf(head + ok + "DevSignal.bambu.com: 5\r\n") == "bad_field");
  CHECK(RejectOf(head + ok + "DevName.bambu.com: a\"b\r\n") == "bad_field");
}

TEST_CASE("ssdp: a capture cut before its model value is never accepted") {
  const std::string text = Capture("kittycad_X1C_notify.txt");
  const std::size_t name_line_end = text.find('\n', text.find("DevName.bambu.com"));
  for (std::size_t cut = 0; cut < text.find("DevModel.bambu.com: BL-P001") + 20; ++cut) {
    CAPTURE(cut);
    const NotifyResult result = ParseNotify(std::string_view(text).substr(0, cut));
    CHECK_FALSE(result.announcement);
  }
  // Cut inside the last lines: rejected (a signal cut to "-") or read right, never a partial
  // serial or address.
  int accepted = 0;
  for (std::size_t cut = name_line_end; cut <= text.size(); ++cut) {
    const NotifyResult result = ParseNotify(std::string_view(text).substr(0, cut));
    if (!result.announcement) continue;
    ++accepted;
    CHECK(result.announcement->serial == "00M09C452703629");
    CHECK(result.announcement->address == "192.168.1.68");
  }
  // 163 cuts: those inside a header name (no colon yet) and the signal cut to "-" are rejected.
  CHECK(text.size() - name_line_end == 163);
  CHECK(accepted == 49);
}

TEST_CASE("ssdp: dotted IPv4") {
  CHECK(IsDottedIpv4("127.0.0.1"));
  CHECK(IsDottedIpv4("255.255.255.255"));
  CHECK(IsDottedIpv4("0.0.0.0"));
  CHECK_FALSE(IsDottedIpv4(""));
  CHECK_FALSE(IsDottedIpv4("1.2.3."));
  CHECK_FALSE(IsDottedIpv4(".1.2.3"));
  CHECK_FALSE(IsDottedIpv4("1..2.3"));
  CHECK_FALSE(IsDottedIpv4("1.2.3.-4"));
  CHECK_FALSE(IsDottedIpv4("1.2.3.4 "));
}

}  // namespace bambu
