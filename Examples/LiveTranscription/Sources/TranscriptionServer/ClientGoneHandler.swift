import NIOCore

/// Tells when the client of a connection has gone: the end of its input or the connection's
/// close, whichever comes first.
///
/// Hummingbird keeps a connection open after the client's end of input (it allows half
/// closure) and notices a gone client only when a write fails, which for a slow stream is
/// one whole item later. This handler sits first in the pipeline, so it sees the end of
/// input as soon as it is read, even while the HTTP handlers hold events back during a
/// response. Like Go's net/http, it takes a half-close as the client's leaving: an HTTP/1.1
/// client that waits for a response does not close its side.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer

  private var onGone: (@Sendable () -> Void)?

  private init(onGone: @escaping @Sendable () -> Void) {
    self.onGone = onGone
  }

  /// Calls `onGone` (once, on the channel's event loop) when the client goes; returns the
  /// name to give ``unwatch(_:name:)`` once the response is complete.
  static func watch(
    _ channel: any Channel,
    name: String,
    onGone: @escaping @Sendable () -> Void
  ) -> String {
    channel.eventLoop.execute {
      guard channel.isActive else {
        onGone()
        return
      }
      let handler = ClientGoneHandler(onGone: onGone)
      do {
        try channel.pipeline.syncOperations.addHandler(handler, name: name, position: .first)
      } catch {
        onGone()
      }
    }
    return name
  }

  /// Removes the handler that ``watch(_:name:onGone:)`` added.
  static func unwatch(_ channel: any Channel, name: String) {
    channel.pipeline.removeHandler(name: name, promise: nil)
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? ChannelEvent, event == .inputClosed {
      fire()
    }
    context.fireUserInboundEventTriggered(event)
  }

  func channelInactive(context: ChannelHandlerContext) {
    fire()
    context.fireChannelInactive()
  }

  private func fire() {
    let onGone = self.onGone
    self.onGone = nil
    onGone?()
  }
}
