package io.smile.cloud.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.segments.SegmentModel;
import io.smile.cloud.segments.SegmentUnits;
import io.smile.cloud.segments.SegmentationEngine;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Segment assignment over HTTP: {@code GET /segments} describes the service (model loaded, k,
 * employees per request, registered units; never the centroids), {@code POST /segments/{unit}/assign}
 * takes the raw request bytes of {@code SegmentClient.request} (application/octet-stream) of a unit
 * whose keys are registered (over MQTT, {@code smile/T/U/segment-keys}) and returns the response
 * bytes for {@code SegmentClient.distances}. A refusal is an HTTP error whose plain-text body is the
 * rejection reason. {@code DELETE /segments/{unit}} forgets a unit.
 */
@Path("/segments")
public class SegmentResource {
    private static final Logger LOG = Logger.getLogger(SegmentResource.class);

    @Inject
    SegmentationEngine segments;

    @Inject
    Deregistration deregistration;

    @Inject
    SecurityIdentity caller;

    /** What {@code GET /segments} returns. */
    public record Status(boolean modelLoaded, Integer k, Integer capacity, SegmentModel.Info model, String problem,
                         List<SegmentUnits.UnitInfo> units) {
    }

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        SegmentationEngine e = segments;
        var m = e.model();
        return new Status(m.isPresent(), m.map(SegmentModel::k).orElse(null), m.map(SegmentModel::capacity).orElse(null),
                m.map(SegmentModel::info).orElse(null), e.modelProblem(), e.units().infos());
    }

    @POST
    @RolesAllowed(ApiTokens.UNIT)
    @Path("/{unit}/assign")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    public Response assign(@PathParam("unit") String unit, byte[] request) {
        java.util.Set<String> units = caller.getAttribute(ApiTokens.UNITS_ATTRIBUTE);
        if (units != null && !units.isEmpty() && !units.contains(unit)) {
            // a unit:ID token: this unit's requests only (the answer is encrypted to the unit's key
            // anyway; this keeps one unit from spending the service's time on another's behalf)
            return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE).entity("token not valid for this unit").build();
        }
        SegmentationEngine.Answer a = segments.assign(unit, request == null ? new byte[0] : request);
        if (a.ok()) {
            return Response.ok(a.response(), MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
        }
        return Response.status(STATUS.getOrDefault(a.reason(), 500)).type(MediaType.TEXT_PLAIN_TYPE).entity(a.reason().wire()).build();
    }

    /** Forgets a unit's keys and clears its retained registration (204; 404 if unknown). */
    @DELETE
    @RolesAllowed(ApiTokens.OPERATOR)
    @Path("/{unit}")
    public Response delete(@PathParam("unit") String unit) {
        if (!deregistration.unit(unit)) {
            throw new NotFoundException("no unit " + unit);
        }
        // audit, after the fact: only a known (hence well-formed) id reaches the log
        LOG.infof("DELETE /segments/%s by token %s", unit, caller.getPrincipal().getName());
        return Response.noContent().build();
    }

    private static final Map<Reason, Integer> STATUS = Map.of(
            Reason.MALFORMED, 400,
            Reason.BAD_CIPHERTEXT, 400,
            Reason.UNKNOWN_UNIT, 404,
            Reason.OVERSIZED, 413,
            Reason.QUEUE_FULL, 429,
            Reason.NO_MODEL, 503,
            Reason.EVALUATION_FAILED, 500,
            Reason.INTERNAL_ERROR, 500);
}
