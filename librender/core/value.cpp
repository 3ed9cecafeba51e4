#include "render/value.hpp"

#include <cassert>

namespace render {

bool Object::call(std::string_view, std::span<const Value>, Value&) const {
  return false;
}

bool Object::entries(Map&) const {
  return false;
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}

Value Value::integer(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.i_ = i;
  return v;
}

Value Value::int64(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt64;
  v.i_ = i;
  return v;
}

Value Value::number(double f) {
  Value v;
  v.kind_ = Kind::kFloat;
  v.f_ = f;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.str_ = std::make_shared<std::string>(std::move(s));
  return v;
}

Value Value::bytes(std::string b) {
  Value v;
  v.kind_ = Kind::kBytes;
  v.str_ = std::make_shared<std::string>(std::move(b));
  return v;
}

Value Value::list(List items) {
  Value v;
  v.kind_ = Kind::kList;
  v.list_ = std::make_shared<List>(std::move(items));
  return v;
}

Value Value::map(Map entries) {
  Value v;
  v.kind_ = Kind::kMap;
  v.map_ = std::make_shared<Map>(std::move(entries));
  return v;
}

Value Value::object(std::shared_ptr<const Object> obj) {
  Value v;
  v.kind_ = Kind::kObject;
  v.obj_ = std::move(obj);
  return v;
}

bool Value::as_bool() const {
  assert(kind_ == Kind::kBool);
  return b_;
}

std::int64_t Value::as_int() const {
  assert(is_integer());
  return i_;
}

double Value::as_float() const {
  assert(kind_ == Kind::kFloat);
  return f_;
}

const std::string& Value::as_string() const {
  assert(kind_ == Kind::kString || kind_ == Kind::kBytes);
  return *str_;
}

const List& Value::as_list() const {
  assert(kind_ == Kind::kList);
  return *list_;
}

List& Value::mutable_list() const {
  assert(kind_ == Kind::kList);
  return *list_;
}

const Map& Value::as_map() const {
  assert(kind_ == Kind::kMap);
  return *map_;
}

Map& Value::mutable_map() const {
  assert(kind_ == Kind::kMap);
  return *map_;
}

const std::shared_ptr<const Object>& Value::as_object() const {
  assert(kind_ == Kind::kObject);
  return obj_;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::kNil:
      return false;
    case Kind::kBool:
      return b_;
    case Kind::kInt:
    case Kind::kInt64:
      return i_ != 0;
    case Kind::kFloat:
      return f_ != 0;
    case Kind::kString:
    case Kind::kBytes:
      return !str_->empty();
    case Kind::kList:
      return !list_->empty();
    case Kind::kMap:
      return !map_->empty();
    case Kind::kObject:
      return obj_ != nullptr;
  }
  return false;
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case Kind::kNil:
      return "<nil>";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kInt64:
      return "int64";
    case Kind::kFloat:
      return "float64";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "[]uint8";
    case Kind::kList:
      return "[]interface {}";
    case Kind::kMap:
      return is_chart_values() ? "common.Values" : "map[string]interface {}";
    case Kind::kObject:
      return obj_->type_name();
  }
  return "<nil>";
}

Value Value::as_chart_values() const {
  Value v = *this;
  if (v.kind_ == Kind::kMap) v.flags_ |= kChartValues;
  return v;
}

Value Value::nil_list() {
  Value v = list();
  v.flags_ |= kNilList;
  return v;
}

Value Value::deep_copy() const {
  switch (kind_) {
    case Kind::kList: {
      List copy;
      copy.reserve(list_->size());
      for (const Value& item : *list_) copy.push_back(item.deep_copy());
      return Value::list(std::move(copy));
    }
    case Kind::kMap: {
      Map copy;
      for (const auto& [key, item] : *map_) copy.emplace(key, item.deep_copy());
      return Value::map(std::move(copy));
    }
    default:
      return *this;
  }
}

bool deep_equal(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNil:
      return true;
    case Value::Kind::kBool:
      return a.b_ == b.b_;
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return a.i_ == b.i_;
    case Value::Kind::kFloat:
      return a.f_ == b.f_;
    case Value::Kind::kString:
    case Value::Kind::kBytes:
      return *a.str_ == *b.str_;
    case Value::Kind::kList: {
      if (a.list_ == b.list_) return true;
      if (a.list_->size() != b.list_->size()) return false;
      for (std::size_t i = 0; i < a.list_->size(); ++i) {
        if (!deep_equal((*a.list_)[i], (*b.list_)[i])) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      if (a.map_ == b.map_) return true;
      if (a.map_->size() != b.map_->size()) return false;
      auto ia = a.map_->begin();
      auto ib = b.map_->begin();
      for (; ia != a.map_->end(); ++ia, ++ib) {
        if (ia->first != ib->first || !deep_equal(ia->second, ib->second)) return false;
      }
      return true;
    }
    case Value::Kind::kObject:
      return a.obj_ == b.obj_;
  }
  return false;
}

}  // namespace render
