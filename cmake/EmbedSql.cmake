# Writes a C++ source that holds every migration of schemas/sql as a string, so that slated carries
# its own schema and never reads SQL from the disk at run time.
# Inputs: SQL_DIR, OUTPUT.
file(GLOB migration_files RELATIVE "${SQL_DIR}" "${SQL_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT migration_files)
set(body "")
foreach(name IN LISTS migration_files)
  file(READ "${SQL_DIR}/${name}" sql)
  string(REGEX MATCH "^([0-9]+)_" _ "${name}")
  math(EXPR version "${CMAKE_MATCH_1}")
  string(APPEND body "    {${version}, \"${name}\", R\"slate_sql(${sql})slate_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from schemas/sql by cmake/EmbedSql.cmake. Do not edit.\n#include \"migrations.hpp\"\n\nnamespace slate::catalogue {\n\nconst std::vector<Migration>& migrations() {\n  static const std::vector<Migration> all = {\n${body}  };\n  return all;\n}\n\n}  // namespace slate::catalogue\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
