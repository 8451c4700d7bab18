package io.smile.cloud.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.smile.cloud.scoring.GatewayRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;

/** Registered gateways: public metadata only (no key material). */
@Path("/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {
    private static final Logger LOG = Logger.getLogger(GatewayResource.class);

    @Inject
    GatewayRegistry gateways;

    @Inject
    Deregistration deregistration;

    @Inject
    SecurityIdentity caller;

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    public List<GatewayRegistry.GatewayInfo> list() {
        return gateways.infos();
    }

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    @Path("/{id}")
    public GatewayRegistry.GatewayInfo get(@PathParam("id") String id) {
        return gateways.info(id).orElseThrow(() -> new NotFoundException("no gateway " + id));
    }

    @DELETE
    @RolesAllowed(ApiTokens.OPERATOR)
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!deregistration.gateway(id)) {
            throw new NotFoundException("no gateway " + id);
        }
        // audit, after the fact: only a known (hence well-formed) id reaches the log
        LOG.infof("DELETE /gateways/%s by token %s", id, caller.getPrincipal().getName());
        return Response.noContent().build();
    }
}
