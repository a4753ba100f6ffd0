/// The helpers a generated Python module defines before its types, each only when the
/// module uses it. They hold the rules the schema language adds to plain pydantic (64-bit
/// integers, RFC 3339 date-times, finite JSON numbers, constants that must be present, the
/// ndarray form), so every generated model states them the same way.
enum PythonPrelude {
  struct Uses: OptionSet {
    let rawValue: Int
    static let int64 = Uses(rawValue: 1 << 0)
    static let datetime = Uses(rawValue: 1 << 1)
    static let json = Uses(rawValue: 1 << 2)
    static let ndarray = Uses(rawValue: 1 << 3)
    static let shape = Uses(rawValue: 1 << 4)
    static let constants = Uses(rawValue: 1 << 5)
    static let unknownTags = Uses(rawValue: 1 << 6)
    static let streams = Uses(rawValue: 1 << 7)
    static let byteOrder = Uses(rawValue: 1 << 8)
  }

  /// The `import` lines for what a module uses.
  static func imports(_ uses: Uses, needsEnum: Bool) -> [String] {
    var modules: [String] = []
    if uses.contains(.ndarray) { modules.append("base64") }
    if uses.contains(.datetime) { modules.append("datetime") }
    if needsEnum { modules.append("enum") }
    if uses.contains(.streams) { modules.append("importlib") }
    if uses.contains(.json) || uses.contains(.ndarray) { modules.append("math") }
    if uses.contains(.datetime) { modules.append("re") }
    modules.append("typing")
    var lines = modules.map { "import \($0)" }
    lines.append("")
    // Python imports, not Swift ones: the platform check's rule for emitted imports is about
    // the Swift emitter.
    if uses.contains(.ndarray) {
      lines.append("import numpy")  // platform-apis: allowed
      lines.append("import numpy.typing")  // platform-apis: allowed
    }
    lines.append("import pydantic")  // platform-apis: allowed
    return lines
  }

  static func helpers(_ uses: Uses, dtypes: [String]) -> [String] {
    var blocks: [String] = []
    if uses.contains(.byteOrder) { blocks.append(byteOrder) }
    if uses.contains(.int64) { blocks.append(int64) }
    if uses.contains(.datetime) { blocks.append(datetime) }
    if uses.contains(.json) { blocks.append(json) }
    if uses.contains(.constants) { blocks.append(constants) }
    if uses.contains(.unknownTags) { blocks.append(unknownTags) }
    if uses.contains(.ndarray) {
      blocks.append(ndarray)
      for dtype in dtypes {
        blocks.append(
          """
          \(ndarrayAlias(dtype)) = typing.Annotated[
              numpy.typing.NDArray[numpy.\(dtype == "bool" ? "bool_" : dtype)],
              pydantic.PlainValidator(_ndarray_reader("\(dtype)")),
              pydantic.PlainSerializer(_ndarray_json, when_used="json"),
          ]
          """
        )
      }
    }
    if uses.contains(.shape) { blocks.append(shape) }
    return blocks
  }

  /// `float32` -> `_NDArrayFloat32`.
  static func ndarrayAlias(_ dtype: String) -> String {
    "_NDArray" + dtype.prefix(1).uppercased() + dtype.dropFirst()
  }

  static let int64 = """
    def _int64(value: int) -> int:
        if not -(2**63) <= value < 2**63:
            raise ValueError("must be an integer within signed 64 bits")
        return value


    # `int`: an integer literal within signed 64 bits.
    _Int64 = typing.Annotated[int, pydantic.AfterValidator(_int64)]
    """

  static let datetime = #"""
    _RFC3339 = re.compile(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
        r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
    )


    def _rfc3339_text(value: object) -> object:
        if isinstance(value, datetime.datetime):
            return value
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            raise ValueError("must be an RFC 3339 date-time such as 2026-11-24T10:00:00Z")
        return value


    def _utc_year(value: datetime.datetime) -> datetime.datetime:
        try:
            value.astimezone(datetime.timezone.utc)
        except OverflowError:
            raise ValueError("must fall in the years 1 to 9999 once in UTC") from None
        return value


    def _rfc3339_utc(value: datetime.datetime) -> str:
        utc = value.astimezone(datetime.timezone.utc)
        text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        text += f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
        if utc.microsecond:
            text += f".{utc.microsecond:06d}"
        return text + "Z"


    # `datetime`: an RFC 3339 date-time with its offset, written in UTC as the Swift side
    # writes it.
    _DateTime = typing.Annotated[
        pydantic.AwareDatetime,
        pydantic.Strict(False),
        pydantic.BeforeValidator(_rfc3339_text),
        pydantic.AfterValidator(_utc_year),
        pydantic.PlainSerializer(_rfc3339_utc, when_used="json"),
    ]
    """#

  static let byteOrder = """
    def _in_byte_order(value: typing.Any) -> typing.Any:
        if isinstance(value, dict):
            keys = sorted(value, key=lambda key: key.encode("utf-8"))
            return {key: _in_byte_order(value[key]) for key in keys}
        if isinstance(value, list):
            return [_in_byte_order(element) for element in value]
        return value


    def _keys_in_byte_order(value: typing.Any, write: pydantic.SerializerFunctionWrapHandler) -> typing.Any:
        written = write(value)
        return {key: written[key] for key in sorted(written, key=lambda key: key.encode("utf-8"))}


    def _json_in_byte_order(value: typing.Any, write: pydantic.SerializerFunctionWrapHandler) -> typing.Any:
        return _in_byte_order(write(value))


    # Maps and JSON objects are written with their keys in the order of their UTF-8 bytes, as
    # the Swift writer writes them, so both write the same bytes for the same value.
    _BYTE_ORDER = pydantic.WrapSerializer(_keys_in_byte_order, when_used="json")
    _JSON_BYTE_ORDER = pydantic.WrapSerializer(_json_in_byte_order, when_used="json")
    """

  static let json = """
    def _finite(value: pydantic.JsonValue) -> pydantic.JsonValue:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("must be a finite number")
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                float(value)
            except OverflowError:
                raise ValueError("must be within the range of a 64-bit float") from None
        if isinstance(value, list):
            for element in value:
                _finite(element)
        elif isinstance(value, dict):
            for element in value.values():
                _finite(element)
        return value


    # `json`: any JSON value (no NaN or Infinity).
    _Json = typing.Annotated[
        pydantic.JsonValue, pydantic.AfterValidator(_finite), _JSON_BYTE_ORDER
    ]
    """

  static let constants = """
    def _require_constants(
        data: typing.Any, info: pydantic.ValidationInfo, *keys: str
    ) -> typing.Any:
        # A constant's key must be on the wire, though Python code may leave it out.
        if info.mode == "json" and isinstance(data, dict):
            for key in keys:
                if key not in data:
                    raise ValueError(f"{key!r} is required: it is a constant")
        return data
    """

  static let unknownTags = """
    def _tag_or_unknown(
        key: str, attribute: str, tags: typing.FrozenSet[str], unknown: str
    ) -> typing.Callable[[typing.Any], typing.Optional[str]]:
        # The member a value is, or `unknown` for a tag that names no member.
        def tag(value: typing.Any) -> typing.Optional[str]:
            if isinstance(value, pydantic.RootModel):
                return unknown
            found = value.get(key) if isinstance(value, dict) else getattr(value, attribute, None)
            if not isinstance(found, str):
                return None
            return found if found in tags else unknown

        return tag
    """

  static let ndarray = #"""
    def _ndarray_reader(
        dtype: str,
    ) -> typing.Callable[[object], numpy.typing.NDArray[typing.Any]]:
        def read(value: object) -> numpy.typing.NDArray[typing.Any]:
            if isinstance(value, numpy.ndarray):
                if value.dtype != numpy.dtype(dtype):
                    raise ValueError(f"dtype must be {dtype}, found {value.dtype}")
                return value
            if not isinstance(value, dict):
                raise ValueError("must be an object with data_b64, shape and dtype")
            data, dims, kind = value.get("data_b64"), value.get("shape"), value.get("dtype")
            if not isinstance(data, str) or not isinstance(dims, list) or not isinstance(kind, str):
                raise ValueError("must be an object with data_b64, shape and dtype")
            if kind != dtype:
                raise ValueError(f"dtype must be {dtype}, found {kind}")
            if not all(type(d) is int and d >= 0 for d in dims):
                raise ValueError("shape must be a list of non-negative integers")
            raw = base64.b64decode(data, validate=True)
            if dtype == "bool" and raw.strip(b"\x00\x01"):
                raise ValueError("bool elements must be bytes 0 or 1")
            element = numpy.dtype(dtype).newbyteorder("<")
            count = math.prod(dims)
            if len(raw) != count * element.itemsize:
                raise ValueError(
                    f"data has {len(raw)} bytes, {count} {dtype} elements need "
                    f"{count * element.itemsize}"
                )
            return numpy.frombuffer(raw, dtype=element).astype(dtype).reshape(dims)

        return read


    def _ndarray_json(array: numpy.typing.NDArray[typing.Any]) -> typing.Dict[str, typing.Any]:
        little_endian = array.dtype.newbyteorder("<")
        data = numpy.ascontiguousarray(array, dtype=little_endian).tobytes()
        return {
            "data_b64": base64.b64encode(data).decode("ascii"),
            "shape": list(array.shape),
            "dtype": str(array.dtype),
        }


    # `ndarray<DTYPE>`: a numpy array, on the wire as Truss Chains' NumpyArrayField writes it.
    """#

  static let shape = """
    def _shape(
        *dimensions: typing.Optional[int],
    ) -> typing.Callable[[numpy.typing.NDArray[typing.Any]], numpy.typing.NDArray[typing.Any]]:
        def check(array: numpy.typing.NDArray[typing.Any]) -> numpy.typing.NDArray[typing.Any]:
            rank_differs = len(array.shape) != len(dimensions)
            if rank_differs or any(w is not None and w != d for w, d in zip(dimensions, array.shape)):
                wanted = ", ".join("null" if d is None else str(d) for d in dimensions)
                raise ValueError(f"shape must be [{wanted}], found {list(array.shape)}")
            return array

        return check
    """
}
