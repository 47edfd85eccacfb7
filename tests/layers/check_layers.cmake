# The issue's acceptance, as a test: no domain library knows HTTP. Fails when a file under
# daemon/{production,offload,media,devices,catalogue,exports,reports,pki,cardmount} or camera/ includes slate/api or Boost.Beast,
# when a public header of theirs (include/) includes nlohmann, or when one of their CMake targets
# links slate_api, directly or through another library.
cmake_minimum_required(VERSION 3.25)
# Inputs: SOURCE_DIR; LINKS_FILE, written at configure time by tests/CMakeLists.txt, one line per
# domain target: "<target>: <every library it links, transitively>".

# Known and pending: daemon/production is being rewritten as typed values. Its violations are
# listed here, by path relative to the source tree or by target name, until the rewrite lands.
# The lead empties this list; nothing else may be added to it.
set(KNOWN_PENDING)

set(domain_folders daemon/production daemon/offload daemon/media daemon/devices daemon/catalogue
                   daemon/exports daemon/reports daemon/pki daemon/cardmount camera)
set(violations "")
set(pending_seen "")

function(note what why)
  if(what IN_LIST KNOWN_PENDING)
    set(pending_seen "${pending_seen};${what}" PARENT_SCOPE)
  else()
    set(violations "${violations}\n  ${what}: ${why}" PARENT_SCOPE)
  endif()
endfunction()

foreach(folder IN LISTS domain_folders)
  file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${folder}/*")
  foreach(file IN LISTS files)
    if(NOT file MATCHES "\\.(c|cc|cpp|cxx|h|hh|hpp|hxx|ipp|inc|in)$")
      continue()
    endif()
    file(STRINGS "${SOURCE_DIR}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS includes)
      if(line MATCHES "[<\"](slate/api/|boost/beast)")
        note("${file}" "includes ${CMAKE_MATCH_1}… (HTTP belongs to daemon/api)")
      endif()
      if(file MATCHES "/include/" AND line MATCHES "[<\"]nlohmann/")
        note("${file}" "a public header includes nlohmann (JSON stays in src/, as stored payloads)")
      endif()
    endforeach()
  endforeach()
endforeach()

file(STRINGS "${LINKS_FILE}" link_lines)
foreach(line IN LISTS link_lines)
  if(line MATCHES "^([^:]+): (.*)$")
    set(target "${CMAKE_MATCH_1}")
    string(REPLACE " " ";" libraries "${CMAKE_MATCH_2}")
    if("slate_api" IN_LIST libraries OR "slate_routes" IN_LIST libraries)
      note("${target}" "links slate_api (the HTTP layer links the domain, never the reverse)")
    endif()
  endif()
endforeach()

if(pending_seen)
  list(REMOVE_DUPLICATES pending_seen)
  list(REMOVE_ITEM pending_seen "")
  message(STATUS "Known and pending (KNOWN_PENDING in tests/layers/check_layers.cmake): ${pending_seen}")
endif()
if(violations)
  message(FATAL_ERROR "Domain libraries must know nothing of HTTP:${violations}")
endif()
message(STATUS "Every domain library is free of HTTP, and its public headers of nlohmann.")
