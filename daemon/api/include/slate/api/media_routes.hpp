#pragma once
/// The media API: clips, their previews, and media jobs.

#include <slate/api/router.hpp>
#include <slate/media/media_service.hpp>

namespace slate::api {

/// GET /api/v1/clips?offload=N, GET /api/v1/clips/{id}, GET /api/v1/clips/{id}/thumbnail?width=,
/// GET /api/v1/clips/{id}/proxy, GET /api/v1/media/jobs, POST /api/v1/media/jobs/{id}/cancel.
void add_media_routes(Router& router, media::MediaService& media);

}  // namespace slate::api
