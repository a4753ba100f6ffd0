import Foundation
import TranscriptionAPI

/// Stands in for a speech-to-text model: segment `index` of a fixed script, 0.75 s each.
enum SimulatedModel {
  static let name = "simulated-whisper"

  private static let script = [
    "thanks for calling how can I help",
    "my order has not arrived yet",
    "let me check that for you",
    "it left the warehouse on Monday",
    "great thank you",
  ]

  static func duration(segments: Int) -> Double {
    Double(segments) * 0.75
  }

  static func segment(_ index: Int, producedAt: Date) -> Segment {
    let text = script[index % script.count]
    let start = Double(index) * 0.75
    let words = text.split(separator: " ").enumerated().map { position, word in
      let wordStart = start + Double(position) / 10
      return Word(
        word: String(word),
        start: milliseconds(wordStart),
        end: milliseconds(wordStart + 0.08),
        confidence: Double(90 + position % 10) / 100
      )
    }
    return Segment(
      id: index,
      start: start,
      end: start + 0.75,
      text: text,
      speaker: index % 2 == 0 ? .agent : .customer,
      words: words,
      tags: ["channel": index % 2 == 0 ? "left" : "right"],
      producedAt: producedAt
    )
  }

  /// `seconds` rounded to whole milliseconds, so the JSON shows 0.3, not 0.30000000000000004.
  private static func milliseconds(_ seconds: Double) -> Double {
    (seconds * 1000).rounded() / 1000
  }
}
