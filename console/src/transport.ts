// The Connect transport to caseledgerd, on the origin that served the console. Every call
// carries the signed-in session's headers. Each service's client is in clients/, so a page
// loads the descriptors of the services it calls and no others.
import type { Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { authHeaders, loadSession } from "./session";

const signedIn: Interceptor = (next) => async (request) => {
  const session = loadSession();
  if (session) {
    for (const [name, value] of Object.entries(authHeaders(session))) {
      request.header.set(name, value);
    }
  }
  return next(request);
};

export const transport = createConnectTransport({
  baseUrl: location.origin,
  interceptors: [signedIn],
  // Binary Protobuf: a fraction of JSON's size, and decoded several times faster.
  useBinaryFormat: true,
  // Calls that wait for a position fail rather than hang.
  defaultTimeoutMs: 30_000,
});
