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

/** The grant each RoomService and Egress method needs, as LiveKit's server checks it. */
const needs: Record<string, "roomCreate" | "roomAdmin" | "roomRecord"> = {
  StartRoomCompositeEgress: "roomRecord",
  StopEgress: "roomRecord",
  ListEgress: "roomRecord",
  DeleteRoom: "roomCreate",
  ListParticipants: "roomAdmin",
  GetParticipant: "roomAdmin",
  RemoveParticipant: "roomAdmin",
  MutePublishedTrack: "roomAdmin",
  UpdateParticipant: "roomAdmin",
};

/** An egress as the stand-in keeps it: LiveKit's EgressInfo JSON (the fields the platform reads). */
export interface StandInEgress {
  egressId: string;
  roomName: string;
  status: "EGRESS_STARTING" | "EGRESS_ACTIVE" | "EGRESS_ENDING" | "EGRESS_COMPLETE" | "EGRESS_FAILED" | "EGRESS_ABORTED";
  startedAt: string;
  endedAt?: string;
  updatedAt: string;
  fileResults: { filename: string; location: string }[];
  /** The request's file output as sent (its filepath and S3 upload settings). */
  file: Record<string, any>;
}

/**
 * A stand-in for LiveKit's server API in tests (no LiveKit server can run here): it answers
 * RoomService and Egress over Twirp (`POST /twirp/livekit.RoomService/<Method>`,
 * `POST /twirp/livekit.Egress/<Method>`, JSON), verifies each request's bearer token with the
 * SDK's TokenVerifier and the grant the method needs (roomAdmin for that very room, roomCreate
 * to delete, roomRecord for egress), and records the calls it accepted. Rooms hold the
 * participants a test puts in them; an unknown room answers not_found like LiveKit. Egresses
 * start (StartRoomCompositeEgress), stop (StopEgress: ending) and list (ListEgress) like
 * LiveKit's; a test moves them on by posting the webhooks LiveKit would.
 */
export async function startLiveKitStandIn(apiKey = "standin-key", apiSecret = "standin-secret-0123456789-0123456789") {
  const calls: StandInCall[] = [];
  const rejected: { method: string; reason: string }[] = [];
  const rooms = new Map<string, StandInParticipant[]>();
  const egresses = new Map<string, StandInEgress>();
  let egressCount = 0;
  const verifier = new live.TokenVerifier(apiKey, apiSecret);

  const twirpError = (res: http.ServerResponse, status: number, code: string, msg: string) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ code, msg }));
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = /^\/twirp\/livekit\.(?:RoomService|Egress)\/(\w+)$/.exec(req.url ?? "")?.[1];
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
    const json = (value: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
    const nanos = () => String(BigInt(Date.now()) * 1_000_000n);
    if (need === "roomRecord") {
      if (method === "StartRoomCompositeEgress") {
        const file = body.fileOutputs?.[0] ?? body.file;
        if (!body.roomName || !file?.filepath) return twirpError(res, 400, "invalid_argument", "roomName and a file output are required");
        const egress: StandInEgress = {
          egressId: `EG_standin${++egressCount}`,
          roomName: body.roomName,
          status: "EGRESS_STARTING",
          startedAt: nanos(),
          updatedAt: nanos(),
          fileResults: [],
          file,
        };
        egresses.set(egress.egressId, egress);
        return json(egress);
      }
      const egress = body.egressId ? egresses.get(body.egressId) : undefined;
      if (method === "StopEgress") {
        if (!egress) return twirpError(res, 404, "not_found", "egress does not exist");
        if (!["EGRESS_STARTING", "EGRESS_ACTIVE"].includes(egress.status))
          return twirpError(res, 412, "failed_precondition", `egress with status ${egress.status} cannot be stopped`);
        egress.status = "EGRESS_ENDING";
        egress.updatedAt = nanos();
        return json(egress);
      }
      const active = (e: StandInEgress) => ["EGRESS_STARTING", "EGRESS_ACTIVE", "EGRESS_ENDING"].includes(e.status);
      return json({
        items: [...egresses.values()].filter(
          (e) =>
            (!body.roomName || e.roomName === body.roomName) &&
            (!body.egressId || e.egressId === body.egressId) &&
            (!body.active || active(e)),
        ),
      });
    }
    const participants = rooms.get(body.room);
    if (!participants) return twirpError(res, 404, "not_found", "requested room does not exist");
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
    egresses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type LiveKitStandIn = Awaited<ReturnType<typeof startLiveKitStandIn>>;
