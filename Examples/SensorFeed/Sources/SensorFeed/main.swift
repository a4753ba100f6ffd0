// Writes a stream with the generated writer, reads it back with the generated reader from
// small chunks, as a network would deliver it, and checks every value came back.
import Foundation
import StreamTypes

let device = Device(serial: "SN-0042", location: "lab")
let readings = (0..<5).map { index in
  Reading(
    at: Date(timeIntervalSince1970: 1_795_514_400 + Double(index)),
    celsius: 20 + Double(index) / 4,
    status: index == 3 ? .degraded : .ok
  )
}
let footer = SensorFeedFooter(
  count: readings.count,
  meanCelsius: readings.map(\.celsius).reduce(0, +) / Double(readings.count)
)

var writer = SensorFeed.Writer()
var bytes = try writer.yieldHeader(device)
for reading in readings { bytes += try writer.yieldItem(reading) }
bytes += try writer.yieldFooter(footer)
try writer.finish()

let chunks = AsyncStream<[UInt8]> { continuation in
  for start in stride(from: 0, to: bytes.count, by: 7) {
    continuation.yield(Array(bytes[start..<min(start + 7, bytes.count)]))
  }
  continuation.finish()
}
let reader = SensorFeed.Reader(chunks)
let readDevice = try await reader.readHeader()
var readReadings: [Reading] = []
for try await reading in reader.readItems() { readReadings.append(reading) }
let readFooter = try await reader.readFooter()

guard readDevice == device, readReadings == readings, readFooter == footer else {
  FileHandle.standardError.write(Data("SensorFeed: the values read back differ\n".utf8))
  exit(1)
}
print(
  "SensorFeed: wrote \(bytes.count) bytes (\(readings.count + 2) frames) and read back "
    + "\(readReadings.count) readings from \(device.serial), mean \(readFooter.meanCelsius) °C"
)
