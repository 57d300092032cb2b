import Foundation
import Hummingbird
import OversightCore

/// A rendered HTML page.
struct HTMLResponse: ResponseGenerator {
    var html: String
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) -> Response {
        let buffer = ByteBuffer(string: html)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }
}

/// A JSON body with sorted keys (so equal data gives equal bytes) and unescaped slashes, like the bundle.
struct JSONResponse<Value: Encodable>: ResponseGenerator {
    var value: Value
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try Record.makeEncoder().encode(value)
        let buffer = ByteBuffer(bytes: data)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }
}

/// An SVG document (the command chart), served as `image/svg+xml`.
struct SVGResponse: ResponseGenerator {
    var svg: String

    func response(from request: Request, context: some RequestContext) -> Response {
        let buffer = ByteBuffer(string: svg)
        return Response(
            status: .ok,
            headers: [.contentType: "image/svg+xml; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }
}
