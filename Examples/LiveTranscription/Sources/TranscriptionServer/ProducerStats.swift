import Foundation
import Synchronization

/// What the producers have done, for `GET /stats`: tests read it to check that segments are
/// sent as they are produced and that a producer stops when its client goes.
final class ProducerStats: Sendable {
  enum State: String, Encodable {
    case running, finished, cancelled
  }

  /// The whole server's counts.
  struct Totals: Encodable {
    /// Segments produced, by every stream.
    var produced = 0
    /// Streams whose producer stopped early because the client went away.
    var cancelled = 0
    /// Streams started.
    var streams = 0
    /// Streams whose producer is still running.
    var running = 0
  }

  /// One stream's counts.
  struct Session: Encodable {
    var session: String
    var produced = 0
    var state = State.running
  }

  private struct Storage {
    var totals = Totals()
    var sessions: [String: Session] = [:]
    var order: [String] = []
  }

  /// The number of sessions kept for `GET /stats?session=ID`; older ones are forgotten.
  private static let keptSessions = 1_000
  private let storage = Mutex(Storage())

  /// Registers a new stream and returns its session id.
  func begin() -> String {
    storage.withLock { storage in
      storage.totals.streams += 1
      storage.totals.running += 1
      let id = "s\(storage.totals.streams)"
      storage.sessions[id] = Session(session: id)
      storage.order.append(id)
      if storage.order.count > Self.keptSessions {
        storage.sessions[storage.order.removeFirst()] = nil
      }
      return id
    }
  }

  func recordItem(_ session: String) {
    storage.withLock { storage in
      storage.totals.produced += 1
      storage.sessions[session]?.produced += 1
    }
  }

  func end(_ session: String, cancelled: Bool) {
    storage.withLock { storage in
      storage.totals.running -= 1
      if cancelled { storage.totals.cancelled += 1 }
      storage.sessions[session]?.state = cancelled ? .cancelled : .finished
    }
  }

  /// The totals as JSON, or one session's counts; nil for an unknown session.
  func json(session: String?) -> String? {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let data: Data?
    if let session {
      guard let value = storage.withLock({ $0.sessions[session] }) else { return nil }
      data = try? encoder.encode(value)
    } else {
      data = try? encoder.encode(storage.withLock { $0.totals })
    }
    return data.map { String(decoding: $0, as: UTF8.self) + "\n" }
  }
}
