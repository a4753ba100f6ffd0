import Foundation
import TranscriptionAPI

/// Stands in for a chat model behind `GET /chat`: one chunk per token, `delayMS` apart, then a
/// last chunk with `finish_reason: stop`. With `failAfter: K` it throws ``ModelFailure``
/// instead of producing token K, as a model server that goes away half way would.
struct SimulatedChat: AsyncSequence, Sendable {
  typealias Element = ChatChunk

  static let model = "simulated-chat"

  private static let words = [
    "Streams", " that", " end", " with", " [DONE]", " cannot", " be", " cut", " short",
    " silently.",
  ]

  let id: String
  let created: Int
  let tokens: Int
  let delayMS: Int
  let failAfter: Int?

  func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(chat: self)
  }

  struct AsyncIterator: AsyncIteratorProtocol {
    let chat: SimulatedChat
    var index = 0

    mutating func next() async throws -> ChatChunk? {
      guard index <= chat.tokens else { return nil }
      try await Task.sleep(for: .milliseconds(chat.delayMS))
      if let failAfter = chat.failAfter, index == failAfter {
        throw ModelFailure(tokens: index)
      }
      defer { index += 1 }
      if index == chat.tokens {
        return chat.chunk(ChatDelta(), finishReason: .stop)
      }
      let word = SimulatedChat.words[index % SimulatedChat.words.count]
      return chat.chunk(ChatDelta(role: index == 0 ? "assistant" : nil, content: word))
    }
  }

  private func chunk(_ delta: ChatDelta, finishReason: ChatFinishReason? = nil) -> ChatChunk {
    ChatChunk(
      id: id,
      created: created,
      model: Self.model,
      choices: [ChatChoice(index: 0, delta: delta, finishReason: finishReason)]
    )
  }
}

/// The simulated model's failure half way, which `GET /chat` sends as the stream's typed
/// `error` part.
struct ModelFailure: Error, CustomStringConvertible {
  let tokens: Int

  var description: String {
    "the model server went away after \(tokens) tokens"
  }
}
