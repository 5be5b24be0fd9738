//! Go-shaped data as Helm templates see it: nil, bool, int, int64, float64,
//! string, []byte, slices, maps and host objects (`.Files`, `.Capabilities`,
//! `time.Time`, `*semver.Version`), with Go's truthiness, Go's type names and
//! Go's `%v` printing.
//!
//! Values are cheap to clone: every heap variant sits behind an `Arc`, as in
//! minijinja's `ValueRepr`. Maps iterate in byte order of their keys, which is
//! the order Go's `range`, `fmt` and `encoding/json` use for `map[string]T`.

pub mod fmt;
pub mod gostr;
pub mod json;
pub mod printf;
pub mod toml;
pub mod yaml;

use std::any::Any;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A Go value as text/template sees it through `reflect`.
#[derive(Clone, Default)]
pub enum Value {
    /// A nil interface: a missing map key, YAML `null`, or Go `nil`.
    #[default]
    Nil,
    /// Go `bool`.
    Bool(bool),
    /// Go `int` (template integer literals, `len`, `atoi`, `int`, `until`).
    Int(i64),
    /// Go `int64` (Sprig arithmetic, `--set` integers, `int64`).
    Int64(i64),
    /// Go `float64` (every number read from values YAML or JSON).
    Float(f64),
    /// Go `string`.
    String(Arc<str>),
    /// Go `[]byte` (`.Files.GetBytes`, `randBytes` before encoding).
    Bytes(Arc<[u8]>),
    /// A Go slice; [`List::kind`] records its element type.
    List(Arc<List>),
    /// A Go map with string keys; [`Map::kind`] records its type.
    Map(Arc<Map>),
    /// A host value with fields and methods, such as `.Capabilities`.
    Object(Arc<dyn Object>),
}

/// The element type of a Go slice, which only shows through `%T`, `typeOf`
/// and the functions that type-assert their argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SliceKind {
    /// `[]interface {}`, what `list`, YAML and JSON produce.
    #[default]
    Interface,
    /// `[]string`, from `splitList`, `keys`, `sortAlpha`, `regexFindAll`…
    String,
    /// `[]int`, from `until` and `untilStep`.
    Int,
    /// `[][]interface {}`, from `chunk`.
    Lists,
}

/// A Go slice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct List {
    /// The elements in order.
    pub items: Vec<Value>,
    /// The Go element type.
    pub kind: SliceKind,
    /// A nil slice (what Go functions return for "none", such as
    /// `FindAllString` without a match): empty in every way except its
    /// JSON, which is `null` rather than `[]`.
    pub nil: bool,
}

/// The Go type of a map, which only shows through `%T`, `typeOf` and type
/// assertions (Sprig's `dig` refuses Helm's named `Values` type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MapKind {
    /// `map[string]interface {}`.
    #[default]
    Interface,
    /// `map[string]string`, from `splitn` and `.Files.AsConfig` style helpers.
    String,
    /// A named map type such as Helm's `chartutil.Values`; the name is printed
    /// by `%T` and refused by Sprig functions that type-assert a plain map.
    Named(&'static str),
}

/// A Go map with string keys, iterated in byte order of the keys.
///
/// Go maps are reference types: Sprig's `set`, `unset`, `merge` and
/// `mergeOverwrite` change a map in place, and every variable or value tree
/// holding it sees the change (`$_ := set $d "k" 1` is how charts build
/// dicts). So the entries sit behind a lock and every holder of the `Arc`
/// shares them. Never hold the guard of [`Map::entries`] while calling back
/// into templates or mutating the same map: take a [`Map::snapshot`] instead.
#[derive(Debug, Default)]
pub struct Map {
    /// Shared with the maps [`Map::retyped`] makes: one Go map, two types.
    entries: Arc<RwLock<BTreeMap<String, Value>>>,
    /// The Go map type.
    pub kind: MapKind,
    /// A typed nil map (`map[string]string(nil)`): empty in every way
    /// except its JSON, which is `null` rather than `{}`.
    nil: bool,
}

impl Map {
    /// A map of the given Go type.
    pub fn new(entries: BTreeMap<String, Value>, kind: MapKind) -> Map {
        Map {
            entries: Arc::new(RwLock::new(entries)),
            kind,
            nil: false,
        }
    }

    /// The same Go map under another map type, as Go's conversion
    /// `chartutil.Values(m)` gives it: the entries are shared, so a change
    /// made through either map is seen through both. Helm hands a subchart
    /// its parent's `.Values.NAME` map this way (`recAllTpls`).
    pub fn retyped(&self, kind: MapKind) -> Map {
        Map {
            entries: Arc::clone(&self.entries),
            kind,
            nil: self.nil,
        }
    }

    /// A nil map of the given Go type, such as a struct's unset
    /// `map[string]string` field.
    pub fn nil(kind: MapKind) -> Map {
        Map {
            nil: true,
            ..Map::new(BTreeMap::new(), kind)
        }
    }

    /// Whether this is a nil map (see [`Map::nil`]); one that has gained
    /// entries no longer is.
    pub fn is_nil(&self) -> bool {
        self.nil && self.is_empty()
    }

    /// Read access to the entries, sorted by key bytes (Go's sorted map
    /// order). Keep the guard short-lived.
    pub fn entries(&self) -> RwLockReadGuard<'_, BTreeMap<String, Value>> {
        self.entries.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Write access to the entries, for Go's in-place map mutation.
    pub fn entries_mut(&self) -> RwLockWriteGuard<'_, BTreeMap<String, Value>> {
        self.entries.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// A copy of the entries (values are cheap `Arc` clones), for iterating
    /// while the map may change, as Go's `range` over a map allows.
    pub fn snapshot(&self) -> BTreeMap<String, Value> {
        self.entries().clone()
    }

    /// The value at `key`.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.entries().get(key).cloned()
    }

    /// Whether `key` is present (even with a nil value).
    pub fn contains_key(&self, key: &str) -> bool {
        self.entries().contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Sets `key` in place, returning the previous value.
    pub fn insert(&self, key: impl Into<String>, value: Value) -> Option<Value> {
        self.entries_mut().insert(key.into(), value)
    }

    /// Deletes `key` in place, returning its value.
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.entries_mut().remove(key)
    }

    /// The keys in Go's sorted order.
    pub fn keys(&self) -> Vec<String> {
        self.entries().keys().cloned().collect()
    }
}

impl Clone for Map {
    /// A shallow copy with its own entries (Go's `for k, v := range m { n[k] = v }`).
    fn clone(&self) -> Map {
        Map::new(self.snapshot(), self.kind)
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        self.kind == other.kind && *self.entries() == *other.entries()
    }
}

/// The Go type of a function or method parameter, which text/template
/// checks arguments against before a call (`evalArg` in `exec.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// `interface {}`: any value, nil included, passed as is.
    Any,
    /// `string`. A nil argument is `invalid value; expected string`.
    String,
    /// `int`. Accepts Go `int` values and integer constants.
    Int,
    /// `int64`. Accepts Go `int64` values and integer constants.
    Int64,
    /// `float64`. Accepts Go `float64` values and numeric constants.
    Float64,
    /// `uint32` (`derivePassword`'s counter). Accepts only non-negative
    /// integer constants (truncated to 32 bits, as Go's `SetUint`): no value
    /// of ours has that type. The function receives an `int`.
    Uint32,
    /// `bool`.
    Bool,
    /// `[]interface {}`. A nil argument becomes an empty list.
    List,
    /// `[]string`. A nil argument becomes an empty list.
    StringList,
    /// `map[string]interface {}`. A nil argument becomes an empty map.
    Map,
    /// `[]byte`.
    Bytes,
    /// A host type by its Go name, e.g. `time.Time`; the argument must be a
    /// [`Value::Object`] whose `type_name()` is this name.
    Object(&'static str),
}

impl Param {
    /// The Go spelling of the type, as error messages print it.
    pub fn go_name(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::String => "string",
            Param::Int => "int",
            Param::Int64 => "int64",
            Param::Float64 => "float64",
            Param::Uint32 => "uint32",
            Param::Bool => "bool",
            Param::List => "[]interface {}",
            Param::StringList => "[]string",
            Param::Map => "map[string]interface {}",
            Param::Bytes => "[]uint8",
            Param::Object(name) => name,
        }
    }
}

/// A host value with Go fields and methods (`.Files.Get`, `.Capabilities.APIVersions.Has`,
/// `time.Time`, `*semver.Version`). Implemented by the layers above `value`.
pub trait Object: Send + Sync + std::fmt::Debug {
    /// The Go type name `%T` and `typeOf` print, e.g. `*chartutil.Capabilities`.
    fn type_name(&self) -> Cow<'_, str>;

    /// Looks up a field or a method with no arguments, as `.Name` does.
    /// `None` means Go would report `can't evaluate field Name in type T`.
    fn field(&self, name: &str) -> Option<Value>;

    /// The Go parameter types of method `name`, so that the engine checks
    /// arguments as Go does (`expected string; found 1`, `wrong number of
    /// args for Get: want 1 got 0`). `None` for no such method.
    fn method_params(&self, name: &str) -> Option<&'static [Param]> {
        let _ = name;
        None
    }

    /// Calls a method with arguments (`.Files.Get "a.txt"`). `None` means
    /// there is no method of that name; `Some(Err)` is the method's error.
    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let _ = (name, args);
        None
    }

    /// Writes the value as Go's `%v` would (a `String()` method or struct fields).
    fn fmt_v(&self, out: &mut String);

    /// Go truthiness: structs are always true; nil pointers and empty maps are not.
    fn is_true(&self) -> bool {
        true
    }

    /// The value as plain data, for functions such as `toJson`, `toYaml`
    /// and `dig` that walk it (a `time.Time` becomes its RFC 3339 string).
    fn to_data(&self) -> Value {
        Value::Nil
    }

    /// For structs whose JSON is not that of [`Object::to_data`] (a map,
    /// whose keys `encoding/json` sorts): the fields `encoding/json` writes,
    /// in declaration order.
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }

    /// For named slice and map types with methods (Helm's `VersionSet` is a
    /// `[]string` with `Has`, `.Files` a `map[string][]byte` with `Get`):
    /// the underlying slice or map, which `range`, `len` and `index` use.
    fn underlying(&self) -> Option<Value> {
        None
    }

    /// Downcasting for functions that accept one specific host type.
    fn as_any(&self) -> &dyn Any;
}

impl Value {
    /// A Go string.
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A `[]interface {}` slice.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            items,
            kind: SliceKind::Interface,
            nil: false,
        }))
    }

    /// A nil `[]string` (see [`List::nil`]).
    pub fn nil_string_list() -> Value {
        Value::List(Arc::new(List {
            items: Vec::new(),
            kind: SliceKind::String,
            nil: true,
        }))
    }

    /// A `[]string` slice.
    pub fn string_list<S: Into<Arc<str>>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::List(Arc::new(List {
            items: items.into_iter().map(|s| Value::String(s.into())).collect(),
            kind: SliceKind::String,
            nil: false,
        }))
    }

    /// A `map[string]interface {}`.
    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Arc::new(Map::new(entries, MapKind::Interface)))
    }

    /// A `map[string]interface {}` from key/value pairs.
    pub fn map_from_pairs(pairs: &[(&str, Value)]) -> Value {
        Value::map(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        )
    }

    /// An empty `map[string]interface {}`.
    pub fn empty_map() -> Value {
        Value::map(BTreeMap::new())
    }

    /// True for the nil interface.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Go's template truthiness (`text/template` `isTrue`): false for nil,
    /// `false`, zero numbers, and empty strings, slices and maps.
    pub fn is_true(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(o) => o.is_true(),
        }
    }

    /// The Go type name, as `%T` and Sprig's `typeOf` print it.
    pub fn type_name(&self) -> Cow<'_, str> {
        match self {
            Value::Nil => Cow::Borrowed("<nil>"),
            Value::Bool(_) => Cow::Borrowed("bool"),
            Value::Int(_) => Cow::Borrowed("int"),
            Value::Int64(_) => Cow::Borrowed("int64"),
            Value::Float(_) => Cow::Borrowed("float64"),
            Value::String(_) => Cow::Borrowed("string"),
            Value::Bytes(_) => Cow::Borrowed("[]uint8"),
            Value::List(l) => Cow::Borrowed(match l.kind {
                SliceKind::Interface => "[]interface {}",
                SliceKind::String => "[]string",
                SliceKind::Int => "[]int",
                SliceKind::Lists => "[][]interface {}",
            }),
            Value::Map(m) => Cow::Borrowed(match m.kind {
                MapKind::Interface => "map[string]interface {}",
                MapKind::String => "map[string]string",
                MapKind::Named(name) => name,
            }),
            Value::Object(o) => o.type_name(),
        }
    }

    /// The Go `reflect.Kind` name, as Sprig's `kindOf` prints it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => {
                // Named slice and map types (VersionSet, files) keep their kind.
                if let Some(inner) = o.underlying() {
                    return inner.kind_name();
                }
                if o.type_name().starts_with('*') {
                    "ptr"
                } else {
                    "struct"
                }
            }
        }
    }

    /// The string inside a Go `string`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a slice.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(&l.items),
            _ => None,
        }
    }

    /// The map, if this is one (read it with [`Map::entries`] or [`Map::get`]).
    pub fn as_map(&self) -> Option<&Arc<Map>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The host object, if this is one.
    pub fn as_object(&self) -> Option<&Arc<dyn Object>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Go's `fmt.Sprint(v)` for one operand, i.e. `%v`.
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        fmt::write_v(&mut out, self);
        out
    }
}

impl std::fmt::Display for Value {
    /// Go's `%v`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_go_string())
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Nil => f.write_str("Nil"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Int(i) => write!(f, "Int({i})"),
            Value::Int64(i) => write!(f, "Int64({i})"),
            Value::Float(x) => write!(f, "Float({x:?})"),
            Value::String(s) => write!(f, "String({s:?})"),
            Value::Bytes(b) => write!(f, "Bytes({b:?})"),
            Value::List(l) => f.debug_list().entries(&l.items).finish(),
            Value::Map(m) => f.debug_map().entries(m.entries().iter()).finish(),
            Value::Object(o) => write!(f, "Object({})", o.type_name()),
        }
    }
}

/// Deep structural equality, used by tests and by Sprig's `has`/`uniq`/`without`
/// (Go `reflect.DeepEqual`: an `int` is never equal to an `int64` or a `float64`).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) | (Value::Int64(a), Value::Int64(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) => a.kind == b.kind && a.items == b.items,
            (Value::Map(a), Value::Map(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truthiness_follows_go() {
        let cases = [
            (Value::Nil, false),
            (Value::Bool(false), false),
            (Value::Int(0), false),
            (Value::Float(0.0), false),
            (Value::str(""), false),
            (Value::list(vec![]), false),
            (Value::empty_map(), false),
            (Value::str("0"), true),
            (Value::str("false"), true),
            (Value::str(" "), true),
            (Value::list(vec![Value::Int(0)]), true),
            (Value::Float(-0.5), true),
        ];
        for (value, want) in cases {
            assert_eq!(value.is_true(), want, "{value:?}");
        }
    }

    #[test]
    fn type_names_follow_go() {
        assert_eq!(Value::Int(1).type_name(), "int");
        assert_eq!(Value::Int64(1).type_name(), "int64");
        assert_eq!(Value::list(vec![]).type_name(), "[]interface {}");
        assert_eq!(Value::string_list(["a"]).type_name(), "[]string");
        assert_eq!(Value::empty_map().type_name(), "map[string]interface {}");
    }

    #[test]
    fn retyped_map_shares_entries_under_its_own_type() {
        let plain = Map::new(BTreeMap::new(), MapKind::Interface);
        plain.insert("a", Value::Int(1));
        let named = plain.retyped(MapKind::Named("chartutil.Values"));
        named.insert("b", Value::Int(2));
        plain.remove("a");
        assert_eq!(plain.keys(), vec!["b"]);
        assert_eq!(named.keys(), vec!["b"]);
        assert_eq!(plain.kind, MapKind::Interface);
        assert_eq!(named.kind, MapKind::Named("chartutil.Values"));
        // A clone is Go's copy loop: its own entries.
        let copy = named.clone();
        copy.insert("c", Value::Int(3));
        assert!(!named.contains_key("c"));
    }
}
