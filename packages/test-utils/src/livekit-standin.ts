import http from "node:http";
import type { AddressInfo } from "node:net";
import { live } from "@codeclass/services";

/** One RoomService call the stand-in accepted. */
export interface StandInCall {
  method: string;
  body: Record<string, any>;
  /** The video grant of the request's token, as verified. */
  grant: Record<string, unknown>;
}

/** A connected participant as LiveKit's ParticipantInfo JSON carries it (the fields the platform reads). */
export interface StandInParticipant {
  identity: string;
  name?: string;
  metadata?: string;
  permission?: Record<string, unknown>;
}

/** The grant each RoomService method needs, as LiveKit's server checks it. */
const needs: Record<string, "roomCreate" | "roomAdmin"> = {
  DeleteRoom: "roomCreate",
  ListParticipants: "roomAdmin",
  GetParticipant: "roomAdmin",
  RemoveParticipant: "roomAdmin",
  MutePublishedTrack: "roomAdmin",
  UpdateParticipant: "roomAdmin",
};

/**
 * A stand-in for LiveKit's server API in tests (no LiveKit server can run here): it answers
 * RoomService over Twirp (`POST /twirp/livekit.RoomService/<Method>`, JSON), verifies each
 * request's bearer token with the SDK's TokenVerifier and the grant the method needs (roomAdmin
 * for that very room, roomCreate to delete), and records the calls it accepted. Rooms hold the
 * participants a test puts in them; an unknown room answers not_found like LiveKit.
 */
export async function startLiveKitStandIn(apiKey = "standin-key", apiSecret = "standin-secret-0123456789-0123456789") {
  const calls: StandInCall[] = [];
  const rejected: { method: string; reason: string }[] = [];
  const rooms = new Map<string, StandInParticipant[]>();
  const verifier = new live.TokenVerifier(apiKey, apiSecret);

  const twirpError = (res: http.ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ code, msg }));
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = /^\/twirp\/livekit\.RoomService\/(\w+)$/.exec(req.url ?? "")?.[1];
    if (req.method !== "POST" || !method || !needs[method]) return twirpError(res, 404, "bad_route", `no route ${req.method} ${req.url}`);
    let body: Record<string, any>;
    let grant: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      grant = ((await verifier.verify(token)).video ?? {}) as Record<string, unknown>;
    } catch (e) {
      rejected.push({ method, reason: `invalid token: ${(e as Error).message}` });
      return twirpError(res, 401, "unauthenticated", "invalid token");
    }
    const need = needs[method]!;
    if (grant[need] !== true || (need === "roomAdmin" && grant.room !== body.room)) {
      rejected.push({ method, reason: `missing ${need} for room ${body.room}` });
      return twirpError(res, 403, "permission_denied", `${need} is required for room ${body.room}`);
    }
    calls.push({ method, body, grant });
    const participants = rooms.get(body.room);
    if (!participants) return twirpError(res, 404, "not_found", "requested room does not exist");
    const json = (value: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
    const find = () => participants.find((p) => p.identity === body.identity);
    switch (method) {
      case "DeleteRoom":
        rooms.delete(body.room);
        return json({});
      case "ListParticipants":
        return json({ participants });
      case "GetParticipant":
        return find() ? json(find()) : twirpError(res, 404, "not_found", "participant does not exist");
      case "RemoveParticipant": {
        if (!find()) return twirpError(res, 404, "not_found", "participant does not exist");
        rooms.set(
          body.room,
          participants.filter((p) => p.identity !== body.identity),
        );
        return json({});
      }
      case "MutePublishedTrack":
        return find()
          ? json({ track: { sid: body.trackSid, muted: Boolean(body.muted) } })
          : twirpError(res, 404, "not_found", "participant does not exist");
      case "UpdateParticipant": {
        const p = find();
        if (!p) return twirpError(res, 404, "not_found", "participant does not exist");
        if (body.permission) p.permission = body.permission;
        return json(p);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** What to give the platform as its LiveKit configuration. */
    config: { url, apiKey, apiSecret },
    calls,
    rejected,
    rooms,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type LiveKitStandIn = Awaited<ReturnType<typeof startLiveKitStandIn>>;
