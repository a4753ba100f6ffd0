import StreamTypes

/// The HTTP side of the transcription stream that transcription-server serves and
/// transcription-client reads. The stream's types (`Transcription`, `Segment`, ...) are
/// generated from `Transcription.yaml` beside this file by the StreamTypes build plugin.
public enum TranscriptionHTTP {
  /// The wire format a request asks for with its `Accept` header: server-sent events for
  /// `text/event-stream`, Truss Chains' framing otherwise.
  public static func format(accept: String?) -> WireFormat {
    guard let accept else { return .framed }
    let wantsEvents = accept.split(separator: ",").contains { range in
      let mediaType = range.split(separator: ";").first ?? ""
      return mediaType.trimmingSpaces() == WireFormat.sse.contentType
    }
    return wantsEvents ? .sse : .framed
  }
}

extension Substring {
  fileprivate func trimmingSpaces() -> Substring {
    var result = self
    while result.first == " " || result.first == "\t" { result.removeFirst() }
    while result.last == " " || result.last == "\t" { result.removeLast() }
    return result
  }
}
