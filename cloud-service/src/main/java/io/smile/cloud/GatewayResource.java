package io.smile.cloud;

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

/** Registered gateways: public metadata only (no key material). */
@Path("/gateways")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {
    @Inject
    CloudService service;

    @GET
    public List<GatewayRegistry.GatewayInfo> list() {
        return service.engine().gateways().infos();
    }

    @GET
    @Path("/{id}")
    public GatewayRegistry.GatewayInfo get(@PathParam("id") String id) {
        return service.engine().gateways().info(id).orElseThrow(() -> new NotFoundException("no gateway " + id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!service.deleteGateway(id)) {
            throw new NotFoundException("no gateway " + id);
        }
        return Response.noContent().build();
    }
}
