// A wire object's fields as one table of rows {key text, member, parser}.
// From the rows follow the key lookup (json_report_keys), the schema
// (json_report_schema), the decoder's assignment (AssignField) and the merge
// into state (MergeFields); the tables themselves are in wire_fields.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "report/json_field_parse.hpp"
#include "report/json_report_schema.hpp"

namespace bambu {
namespace field_table {

/// Stores a parsed value and tells whether it was usable: an optional member
/// takes it as is (unset when unusable), a required text becomes "", an id -1.
template <class T>
bool Store(std::optional<T>& field, std::optional<T>&& parsed) {
  field = std::move(parsed);
  return field.has_value();
}

inline bool Store(std::string& field, std::optional<std::string>&& parsed) {
  field = parsed ? std::move(*parsed) : std::string();
  return parsed.has_value();
}

inline bool Store(int& id, std::optional<int>&& parsed) {
  id = parsed.value_or(-1);
  return parsed.has_value();
}

/// Empties a member the way a new update holds it. An optional of a trivially copyable value
/// is overwritten by an empty one (a store, where reset() tests it first).
template <class T>
void Clear(std::optional<T>& field) {
  if constexpr (std::is_trivially_copyable_v<std::optional<T>>) {
    field = std::optional<T>();
  } else {
    field.reset();
  }
}
inline void Clear(std::string& field) { field.clear(); }
inline void Clear(int& id) { id = -1; }

template <class M>
struct MemberPointer;
template <class C, class T>
struct MemberPointer<T C::*> {
  using Class = C;
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

/// Converts to any std::optional (declared only: named in unevaluated contexts).
struct AnyOptional {
  template <class T>
  requires IsOptional<T>::value operator T() const;
};

template <class T, std::size_t... I>
constexpr bool InitializableFrom(std::index_sequence<I...>) {
  return requires { T{(void(I), AnyOptional{})...}; };
}

/// Number of members of the aggregate `T`, counting only its leading optional members.
template <class T, std::size_t N = 0>
constexpr std::size_t OptionalMemberCount() {
  if constexpr (InitializableFrom<T>(std::make_index_sequence<N + 1>())) {
    return OptionalMemberCount<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace field_table

/// One row: wire key `key` holds member `Member`, read by `Parse`. Without a
/// Parse the key holds a JSON array of context `array` that the decoder fills
/// itself. `inside` places a scalar in a nested object instead of the table's own.
template <auto Member, auto Parse = nullptr>
struct Field {
  using Class = typename field_table::MemberPointer<decltype(Member)>::Class;
  static constexpr auto kMember = Member;

  std::string_view key;
  JsonCtx array = JsonCtx::kNone;
  JsonCtx inside = JsonCtx::kNone;

  /// Parses `v` into out.*Member; false = unusable (the member is left unset).
  template <class Target>
  static bool Assign([[maybe_unused]] const JsonScalar& v, [[maybe_unused]] Target& out) {
    if constexpr (std::is_null_pointer_v<decltype(Parse)>) {
      return false;  // an array: never a scalar
    } else {
      return field_table::Store(out.*Member, Parse(v));
    }
  }
};

/// Where a table's object appears in a report (kNone pads).
using JsonObjects = std::array<JsonCtx, 3>;

/// The rows of one wire object, decoded into `Update`. Rows of members of
/// `Fields` (the struct Update shares with the state) are merged; rows of
/// Update's own members (ids, msg) are only decoded. Fields = void: nothing merged.
template <class Update, class Fields, class... Rows>
struct FieldTable {
  JsonObjects objects;
  std::tuple<Rows...> rows;
};

template <class Update, class Fields, class... Rows>
constexpr FieldTable<Update, Fields, Rows...> MakeFieldTable(JsonObjects objects,
                                                             std::tuple<Rows...> rows) {
  constexpr std::size_t kMerged =
      (std::size_t{0} + ... + std::size_t(std::is_same_v<typename Rows::Class, Fields>));
  static_assert(((std::is_same_v<typename Rows::Class, Update> ||
                  std::is_same_v<typename Rows::Class, Fields>)&&...),
                "a row names a member of another struct");
  if constexpr (!std::is_void_v<Fields>) {
    static_assert(std::is_base_of_v<Fields, Update>, "the update holds the shared fields");
    static_assert(field_table::OptionalMemberCount<Fields>() == kMerged,
                  "every shared field is an optional with exactly one row");
  }
  return {objects, rows};
}

/// Calls f(index, row) for each row, in order.
template <class Update, class Fields, class... Rows, class F>
constexpr void ForEachRow(const FieldTable<Update, Fields, Rows...>& table, F&& f) {
  std::apply(
      [&](const auto&... row) {
        std::size_t index = 0;
        (f(index++, row), ...);
      },
      table.rows);
}

/// Assigns the scalar `v` of row `row` (JsonSlot::field) to `out`; false = unusable.
template <class Update, class Fields, class... Rows>
bool AssignField(const FieldTable<Update, Fields, Rows...>&, std::size_t row, const JsonScalar& v,
                 std::type_identity_t<Update>& out) {
  using Assign = bool (*)(const JsonScalar&, Update&);
  static constexpr Assign kAssign[] = {&Rows::template Assign<Update>...};
  return kAssign[row](v, out);
}

/// Empties every member a row of the table names: optionals unset, texts "", ids -1 (as
/// in a new `Update`).
template <class Update, class Fields, class... Rows>
void ClearRows(const FieldTable<Update, Fields, Rows...>&, std::type_identity_t<Update>& out) {
  (field_table::Clear(out.*Rows::kMember), ...);
}

/// Every field present in `update` overwrites the one in `state`.
template <class Update, class Fields, class... Rows>
void MergeFields(const FieldTable<Update, Fields, Rows...>&, std::type_identity_t<Fields>& state,
                 const std::type_identity_t<Fields>& update) {
  auto merge_row = [&]<class Row>(const Row*) {
    if constexpr (std::is_same_v<typename Row::Class, Fields>) {
      if (const auto& value = update.*Row::kMember) state.*Row::kMember = *value;
    }
  };
  (merge_row(static_cast<const Rows*>(nullptr)), ...);
}

}  // namespace bambu
