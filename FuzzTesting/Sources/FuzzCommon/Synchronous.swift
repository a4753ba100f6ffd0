import Dispatch

/// Runs `body` to completion and returns its result; for `LLVMFuzzerTestOneInput`, which is
/// synchronous.
///
/// `Task.immediate` runs the task on this thread up to its first real suspension; the
/// fuzzed readers read chunk sources that never suspend, so the whole body normally runs
/// before `Task.immediate` returns. Should it suspend, the semaphore waits for the rest.
public func runSynchronously<Result: Sendable>(
  _ body: sending @escaping () async -> Result
) -> Result {
  let box = ResultBox<Result>()
  let done = DispatchSemaphore(value: 0)
  Task.immediate {
    box.result = await body()
    done.signal()
  }
  done.wait()
  return box.result!
}

/// Written by the task, read after the semaphore: never at the same time.
private final class ResultBox<Result>: @unchecked Sendable {
  var result: Result?
}

/// Chunks handed out without suspending.
public struct ChunkSequence: AsyncSequence, Sendable {
  public typealias Element = ArraySlice<UInt8>
  let chunks: [ArraySlice<UInt8>]

  public init(_ chunks: [ArraySlice<UInt8>]) {
    self.chunks = chunks
  }

  public struct AsyncIterator: AsyncIteratorProtocol {
    var chunks: [ArraySlice<UInt8>]
    var index = 0

    public mutating func next() async -> ArraySlice<UInt8>? {
      guard index < chunks.count else { return nil }
      defer { index += 1 }
      return chunks[index]
    }
  }

  public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }
}
