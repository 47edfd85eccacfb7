#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include <slate/core/clock.hpp>
#include <slate/core/timecode.hpp>
#include <slate/production/numbering.hpp>
#include <slate/production/production_store.hpp>
#include <slate/production/shot_list.hpp>

namespace slate::production {

using nlohmann::json;

nlohmann::json ImportReport::to_json() const {
  json list = json::array();
  for (const auto& error : errors) {
    list.push_back({{"line", error.line},
                    {"column", error.column},
                    {"reason", error.reason},
                    {"message", error.to_string()}});
  }
  return {{"applied", applied},           {"errors", list},
          {"scenes_added", scenes_added}, {"scenes_updated", scenes_updated},
          {"setups_added", setups_added}, {"setups_updated", setups_updated},
          {"unchanged", unchanged}};
}

void ProductionStore::ensure_current(const ProjectDefaults& defaults, const std::string& today) {
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto existing = db.prepare("SELECT 1 FROM current_production");
    if (existing.step()) {
      return;
    }
    db.prepare("INSERT INTO projects (name, fps, created_at) VALUES (?, ?, ?)")
        .bind(1, defaults.name)
        .bind(2, defaults.fps)
        .bind(3, core::utc_now())
        .run();
    const auto project = db.last_insert_rowid();
    db.prepare("INSERT INTO shooting_days (project_id, number, date) VALUES (?, 1, ?)")
        .bind(1, project)
        .bind(2, today)
        .run();
    const auto day = db.last_insert_rowid();
    db.prepare("INSERT INTO current_production (id, project_id, day_id) VALUES (1, ?, ?)")
        .bind(1, project)
        .bind(2, day)
        .run();
    tx.append({"project.created",
               "project/" + std::to_string(project),
               json{{"id", project}, {"name", defaults.name}, {"fps", defaults.fps}, {"day", today}}
                   .dump(),
               "slated",
               {}});
  });
}

json ProductionStore::current() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT p.id, p.name, p.fps, p.cameras, d.id, d.number, d.date, d.unit FROM "
      "current_production c JOIN projects p ON p.id = c.project_id LEFT JOIN shooting_days d ON "
      "d.id = c.day_id");
  if (!select.step()) {
    return nullptr;
  }
  json day = nullptr;
  if (!select.column_is_null(4)) {
    day = {{"id", select.column_int(4)},
           {"number", select.column_int(5)},
           {"date", select.column_text(6)},
           {"unit", select.column_text(7)}};
  }
  return {{"project",
           {{"id", select.column_int(0)},
            {"name", select.column_text(1)},
            {"fps", select.column_text(2)},
            {"cameras", json::parse(select.column_text(3), nullptr, false)}}},
          {"day", day}};
}

namespace {

// Thrown to roll a dry run back once it has counted what it would do.
struct DryRunDone {
  ImportReport report;
};

// The file's value where it gives one, else the stored one: importing again never blanks a field.
std::string merged(const std::string& given, const std::string& stored) {
  return given.empty() ? stored : given;
}

json string_list(const std::vector<std::string>& values) {
  json list = json::array();
  for (const auto& value : values) {
    list.push_back(value);
  }
  return list;
}

}  // namespace

ImportReport ProductionStore::import_shot_list(std::string_view csv, bool dry_run,
                                               const std::string& actor) {
  auto parsed = parse_shot_list(csv);
  ImportReport report;
  if (!parsed.errors.empty()) {
    report.errors = std::move(parsed.errors);
    return report;
  }
  try {
    catalogue_.write([&](catalogue::Transaction& tx) {
      auto& db = tx.db();
      auto project_row = db.prepare("SELECT project_id FROM current_production");
      if (!project_row.step()) {
        throw std::runtime_error("there is no current project");
      }
      const auto project = project_row.column_int(0);
      auto find_scene = db.prepare(
          "SELECT id, omitted, int_ext, location, day_night, pages_eighths, description FROM "
          "scenes WHERE project_id = ? AND number = ?");
      auto insert_scene = db.prepare(
          "INSERT INTO scenes (project_id, number, sort_prefix, sort_number, sort_suffix, omitted, "
          "int_ext, location, day_night, pages_eighths, description) VALUES (?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?)");
      auto update_scene = db.prepare(
          "UPDATE scenes SET omitted = ?, int_ext = ?, location = ?, day_night = ?, "
          "pages_eighths = ?, description = ? WHERE id = ?");
      auto find_setup = db.prepare(
          "SELECT id, description, cameras, characters, notes, pages_eighths FROM setups WHERE "
          "scene_id = ? AND letter = ?");
      auto insert_setup = db.prepare(
          "INSERT INTO setups (scene_id, letter, description, cameras, characters, notes, "
          "pages_eighths) VALUES (?, ?, ?, ?, ?, ?, ?)");
      auto update_setup = db.prepare(
          "UPDATE setups SET description = ?, cameras = ?, characters = ?, notes = ?, "
          "pages_eighths = ? WHERE id = ?");
      const auto bind_pages = [](catalogue::Statement& statement, int index,
                                 std::optional<std::int64_t> pages) -> catalogue::Statement& {
        return pages ? statement.bind(index, *pages) : statement.bind_null(index);
      };
      for (const auto& row : parsed.rows) {
        const auto number = parse_scene(row.scene);
        const std::string scene_text = number ? number->text : row.scene;
        // A row with a setup describes the setup; the scene's own fields come from rows without
        // one, or from the first row of a scene not yet known.
        find_scene.reset();
        find_scene.bind(1, project).bind(2, scene_text);
        std::int64_t scene_id = 0;
        if (find_scene.step()) {
          scene_id = find_scene.column_int(0);
          if (row.setup.empty()) {
            const std::optional<std::int64_t> stored_pages =
                find_scene.column_is_null(5) ? std::nullopt
                                             : std::optional(find_scene.column_int(5));
            const auto pages =
                row.pages_eighths ? std::optional<std::int64_t>(*row.pages_eighths) : stored_pages;
            const bool omitted = row.omitted || find_scene.column_int(1) != 0;
            const auto int_ext = merged(row.int_ext, find_scene.column_text(2));
            const auto location = merged(row.location, find_scene.column_text(3));
            const auto day_night = merged(row.day_night, find_scene.column_text(4));
            const auto description = merged(row.description, find_scene.column_text(6));
            if (omitted != (find_scene.column_int(1) != 0) ||
                int_ext != find_scene.column_text(2) || location != find_scene.column_text(3) ||
                day_night != find_scene.column_text(4) || pages != stored_pages ||
                description != find_scene.column_text(6)) {
              update_scene.reset();
              update_scene.bind(1, std::int64_t{omitted ? 1 : 0})
                  .bind(2, int_ext)
                  .bind(3, location)
                  .bind(4, day_night);
              bind_pages(update_scene, 5, pages).bind(6, description).bind(7, scene_id).run();
              ++report.scenes_updated;
            } else {
              ++report.unchanged;
            }
          }
        } else {
          insert_scene.reset();
          insert_scene.bind(1, project)
              .bind(2, scene_text)
              .bind(3, number ? number->prefix : std::string())
              .bind(4, std::int64_t{number ? number->number : 0})
              .bind(5, number ? number->suffix : std::string())
              .bind(6, std::int64_t{row.omitted ? 1 : 0})
              .bind(7, row.int_ext)
              .bind(8, row.location)
              .bind(9, row.day_night);
          const bool scene_row = row.setup.empty();
          bind_pages(insert_scene, 10,
                     scene_row && row.pages_eighths
                         ? std::optional<std::int64_t>(*row.pages_eighths)
                         : std::nullopt)
              .bind(11, scene_row ? row.description : std::string())
              .run();
          scene_id = db.last_insert_rowid();
          ++report.scenes_added;
        }
        if (row.setup.empty()) {
          continue;
        }
        find_setup.reset();
        find_setup.bind(1, scene_id).bind(2, row.setup);
        const auto cameras = string_list(row.cameras).dump();
        const auto characters = string_list(row.characters).dump();
        const auto pages =
            row.pages_eighths ? std::optional<std::int64_t>(*row.pages_eighths) : std::nullopt;
        if (find_setup.step()) {
          const auto id = find_setup.column_int(0);
          const auto description = merged(row.description, find_setup.column_text(1));
          const auto new_cameras = row.cameras.empty() ? find_setup.column_text(2) : cameras;
          const auto new_characters =
              row.characters.empty() ? find_setup.column_text(3) : characters;
          const auto notes = merged(row.notes, find_setup.column_text(4));
          const std::optional<std::int64_t> stored_pages =
              find_setup.column_is_null(5) ? std::nullopt : std::optional(find_setup.column_int(5));
          const auto new_pages = pages ? pages : stored_pages;
          if (description != find_setup.column_text(1) ||
              new_cameras != find_setup.column_text(2) ||
              new_characters != find_setup.column_text(3) || notes != find_setup.column_text(4) ||
              new_pages != stored_pages) {
            update_setup.reset();
            update_setup.bind(1, description)
                .bind(2, new_cameras)
                .bind(3, new_characters)
                .bind(4, notes);
            bind_pages(update_setup, 5, new_pages).bind(6, id).run();
            ++report.setups_updated;
          } else {
            ++report.unchanged;
          }
        } else {
          insert_setup.reset();
          insert_setup.bind(1, scene_id)
              .bind(2, row.setup)
              .bind(3, row.description)
              .bind(4, cameras)
              .bind(5, characters)
              .bind(6, row.notes);
          bind_pages(insert_setup, 7, pages).run();
          ++report.setups_added;
        }
      }
      if (dry_run) {
        throw DryRunDone{report};
      }
      report.applied = true;
      tx.append({"shotlist.imported",
                 "project/" + std::to_string(project),
                 json{{"scenes_added", report.scenes_added},
                      {"scenes_updated", report.scenes_updated},
                      {"setups_added", report.setups_added},
                      {"setups_updated", report.setups_updated},
                      {"rows", parsed.rows.size()}}
                     .dump(),
                 actor,
                 {}});
    });
  } catch (DryRunDone& done) {
    return done.report;
  }
  return report;
}

json ProductionStore::scenes() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT s.id, s.number, s.omitted, s.int_ext, s.location, s.day_night, s.pages_eighths, "
      "s.description, u.id, u.letter, u.description, u.cameras, u.characters, u.notes, "
      "u.pages_eighths FROM scenes s JOIN current_production c ON c.project_id = s.project_id "
      "LEFT JOIN setups u ON u.scene_id = s.id ORDER BY s.id, u.id");
  json list = json::array();
  std::int64_t current = -1;
  const auto pages = [](catalogue::Statement& row, int index) {
    return row.column_is_null(index) ? json(nullptr)
                                     : json(format_pages(static_cast<int>(row.column_int(index))));
  };
  while (select.step()) {
    if (select.column_int(0) != current) {
      current = select.column_int(0);
      list.push_back({{"id", current},
                      {"number", select.column_text(1)},
                      {"omitted", select.column_int(2) != 0},
                      {"int_ext", select.column_text(3)},
                      {"location", select.column_text(4)},
                      {"day_night", select.column_text(5)},
                      {"pages", pages(select, 6)},
                      {"description", select.column_text(7)},
                      {"setups", json::array()}});
    }
    if (!select.column_is_null(8)) {
      list.back()["setups"].push_back(
          {{"id", select.column_int(8)},
           {"letter", select.column_text(9)},
           {"description", select.column_text(10)},
           {"cameras", json::parse(select.column_text(11), nullptr, false)},
           {"characters", json::parse(select.column_text(12), nullptr, false)},
           {"notes", select.column_text(13)},
           {"pages", pages(select, 14)}});
    }
  }
  // Script order (12, 12A, 12B … 12AA, A13 before 13) and setup order (… Z, AA) are not string
  // order: sort by the numbering rules.
  std::vector<json> ordered(list.begin(), list.end());
  const auto key = [](const json& scene) {
    return parse_scene(scene["number"].get<std::string>()).value_or(SceneNumber{});
  };
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const json& a, const json& b) { return scene_before(key(a), key(b)); });
  for (auto& scene : ordered) {
    auto& setups = scene["setups"];
    std::vector<json> letters(setups.begin(), setups.end());
    std::stable_sort(letters.begin(), letters.end(), [](const json& a, const json& b) {
      return setup_index(a["letter"].get<std::string>()).value_or(0) <
             setup_index(b["letter"].get<std::string>()).value_or(0);
    });
    setups = letters;
  }
  return ordered;
}

}  // namespace slate::production

namespace slate::production {

namespace {

// A string field of a request body: "" when absent; refused when not a string or too long.
std::string text_field(const json& body, const char* key, std::size_t limit) {
  if (!body.contains(key) || body[key].is_null()) {
    return {};
  }
  if (!body[key].is_string()) {
    throw ProductionError(400, std::string(key) + " must be a string");
  }
  auto value = body[key].get<std::string>();
  if (value.size() > limit) {
    throw ProductionError(
        400, std::string(key) + " is longer than " + std::to_string(limit) + " characters");
  }
  return value;
}

// A list of cameras from a request: up to 26 short names ("A", "B"); a project needs at least one.
json camera_list(const json& list, bool at_least_one) {
  if (!list.is_array() || list.size() > 26 || (at_least_one && list.empty())) {
    throw ProductionError(400, std::string("cameras must be a list of ") +
                                   (at_least_one ? "1 to 26" : "up to 26") +
                                   " camera letters, such as [\"A\", \"B\"]");
  }
  for (const auto& camera : list) {
    if (!camera.is_string() || camera.get<std::string>().empty() ||
        camera.get<std::string>().size() > 8) {
      throw ProductionError(400, "each camera is a short name, such as \"A\"");
    }
  }
  return list;
}

std::int64_t current_project(catalogue::Database& db) {
  auto row = db.prepare("SELECT project_id FROM current_production");
  if (!row.step()) {
    throw ProductionError(409, "there is no current project");
  }
  return row.column_int(0);
}

bool valid_date(const std::string& date) {
  int year = 0;
  int month = 0;
  int day = 0;
  char tail = 0;
  return date.size() == 10 &&
         std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 &&
         year >= 2000 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::string local_date_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", &local);
  return today;
}

json ProductionStore::update_project(const json& patch, const std::string& actor) {
  if (!patch.is_object() || patch.empty()) {
    throw ProductionError(400, "the body must give name, fps or cameras");
  }
  for (const auto& [key, value] : patch.items()) {
    if (key != "name" && key != "fps" && key != "cameras") {
      throw ProductionError(400, "a project has no field \"" + key + "\" to change");
    }
  }
  const auto name = text_field(patch, "name", 200);
  if (patch.contains("name") && name.empty()) {
    throw ProductionError(400, "a project's name cannot be empty");
  }
  std::string fps;
  if (patch.contains("fps")) {
    const auto rate = patch["fps"].is_string()
                          ? core::parse_frame_rate(patch["fps"].get<std::string>())
                          : std::nullopt;
    if (!rate) {
      throw ProductionError(400,
                            "fps must be a timecode rate: 23.976, 24, 25, 29.97, 30, 48, "
                            "50, 59.94 or 60");
    }
    fps = core::to_string(*rate);
  }
  json cameras;
  if (patch.contains("cameras")) {
    cameras = camera_list(patch["cameras"], true);
  }
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    const auto project = current_project(db);
    if (!fps.empty()) {
      auto takes = db.prepare(
          "SELECT count(*) FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON s.id "
          "= u.scene_id WHERE s.project_id = ? AND t.rate <> ?");
      takes.bind(1, project).bind(2, fps);
      takes.step();
      if (takes.column_int(0) > 0) {
        throw ProductionError(409,
                              "the project has takes logged at its rate; its rate cannot "
                              "change now");
      }
      db.prepare("UPDATE projects SET fps = ? WHERE id = ?").bind(1, fps).bind(2, project).run();
    }
    if (!name.empty()) {
      db.prepare("UPDATE projects SET name = ? WHERE id = ?").bind(1, name).bind(2, project).run();
    }
    if (!cameras.is_null()) {
      db.prepare("UPDATE projects SET cameras = ? WHERE id = ?")
          .bind(1, cameras.dump())
          .bind(2, project)
          .run();
    }
    tx.append({"project.updated", "project/" + std::to_string(project), patch.dump(), actor, {}});
  });
  return current();
}

json ProductionStore::add_scene(const json& body, const std::string& actor) {
  if (!body.is_object()) {
    throw ProductionError(400, "the body must be {\"number\": \"12A\"}");
  }
  const auto given = text_field(body, "number", 32);
  const auto number = parse_scene(given);
  if (!number) {
    throw ProductionError(400,
                          "\"" + given + "\" is not a scene number (12, 12A, A12, 12pt2, OMIT 14)");
  }
  const auto description = text_field(body, "description", kMaxDescriptionBytes);
  const auto int_ext = text_field(body, "int_ext", 16);
  const auto location = text_field(body, "location", kMaxLocationBytes);
  const auto day_night = text_field(body, "day_night", 32);
  const auto scene_id = catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    const auto project = current_project(db);
    auto existing = db.prepare("SELECT 1 FROM scenes WHERE project_id = ? AND number = ?");
    existing.bind(1, project).bind(2, number->text);
    if (existing.step()) {
      throw ProductionError(409, "scene " + number->text + " is already in the shot list");
    }
    db.prepare(
          "INSERT INTO scenes (project_id, number, sort_prefix, sort_number, sort_suffix, "
          "omitted, int_ext, location, day_night, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)")
        .bind(1, project)
        .bind(2, number->text)
        .bind(3, number->prefix)
        .bind(4, std::int64_t{number->number})
        .bind(5, number->suffix)
        .bind(6, std::int64_t{number->omitted ? 1 : 0})
        .bind(7, int_ext)
        .bind(8, location)
        .bind(9, day_night)
        .bind(10, description)
        .run();
    const auto id = db.last_insert_rowid();
    db.prepare("INSERT INTO setups (scene_id, letter) VALUES (?, 'A')").bind(1, id).run();
    const auto setup = db.last_insert_rowid();
    tx.append({"scene.added",
               "scene/" + std::to_string(id),
               json{{"id", id}, {"number", number->text}, {"setup", setup}}.dump(),
               actor,
               {}});
    return id;
  });
  for (auto& scene : scenes()) {
    if (scene["id"] == scene_id) {
      return scene;
    }
  }
  return {{"id", scene_id}};
}

json ProductionStore::add_setup(std::int64_t scene_id, const json& body, const std::string& actor) {
  if (!body.is_object()) {
    throw ProductionError(400, "the body must be a JSON object ({} for the next letter)");
  }
  auto letter = text_field(body, "letter", 8);
  for (auto& c : letter) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (!letter.empty() && !setup_index(letter)) {
    throw ProductionError(400, "\"" + letter +
                                   "\" is not a setup letter (A to Z, then AA; I and O are not "
                                   "used)");
  }
  const auto description = text_field(body, "description", kMaxDescriptionBytes);
  const json cameras =
      body.contains("cameras") ? camera_list(body["cameras"], false) : json::array();
  return catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto scene = db.prepare(
        "SELECT s.number FROM scenes s JOIN current_production c ON c.project_id = s.project_id "
        "WHERE s.id = ?");
    scene.bind(1, scene_id);
    if (!scene.step()) {
      throw ProductionError(404, "there is no scene " + std::to_string(scene_id));
    }
    const auto scene_number = scene.column_text(0);
    std::vector<std::string> used;
    auto letters = db.prepare("SELECT letter FROM setups WHERE scene_id = ?");
    letters.bind(1, scene_id);
    while (letters.step()) {
      used.push_back(letters.column_text(0));
    }
    if (letter.empty()) {
      letter = next_setup(used);
    } else if (std::find(used.begin(), used.end(), letter) != used.end()) {
      throw ProductionError(409, "scene " + scene_number + " already has setup " + letter);
    }
    db.prepare("INSERT INTO setups (scene_id, letter, description, cameras) VALUES (?, ?, ?, ?)")
        .bind(1, scene_id)
        .bind(2, letter)
        .bind(3, description)
        .bind(4, cameras.dump())
        .run();
    const auto id = db.last_insert_rowid();
    json setup = {{"id", id},
                  {"scene_id", scene_id},
                  {"scene", scene_number},
                  {"letter", letter},
                  {"description", description},
                  {"cameras", cameras},
                  {"characters", json::array()},
                  {"notes", ""},
                  {"pages", nullptr}};
    tx.append({"setup.added", "setup/" + std::to_string(id), setup.dump(), actor, {}});
    return setup;
  });
}

json ProductionStore::days() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT d.id, d.number, d.date, d.unit, d.id = c.day_id, (SELECT count(*) FROM takes t "
      "WHERE t.day_id = d.id) FROM shooting_days d JOIN current_production c ON c.project_id = "
      "d.project_id ORDER BY d.date, d.unit, d.number");
  json list = json::array();
  while (select.step()) {
    list.push_back({{"id", select.column_int(0)},
                    {"number", select.column_int(1)},
                    {"date", select.column_text(2)},
                    {"unit", select.column_text(3)},
                    {"current", select.column_int(4) != 0},
                    {"takes", select.column_int(5)}});
  }
  return list;
}

json ProductionStore::add_day(const json& body, const std::string& actor) {
  if (!body.is_object()) {
    throw ProductionError(400, "the body must be a JSON object ({} for today, main unit)");
  }
  auto date = text_field(body, "date", 10);
  if (date.empty()) {
    date = local_date_today();
  } else if (!valid_date(date)) {
    throw ProductionError(400, "date must be YYYY-MM-DD");
  }
  auto unit = text_field(body, "unit", 16);
  if (unit.empty()) {
    unit = "main";
  } else if (unit != "main" && unit != "second" && unit != "splinter") {
    throw ProductionError(400, "unit must be main, second or splinter");
  }
  return catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    const auto project = current_project(db);
    auto highest = db.prepare(
        "SELECT coalesce(max(number), 0) FROM shooting_days WHERE project_id = ? AND unit = ?");
    highest.bind(1, project).bind(2, unit);
    highest.step();
    const auto number = highest.column_int(0) + 1;
    db.prepare("INSERT INTO shooting_days (project_id, number, date, unit) VALUES (?, ?, ?, ?)")
        .bind(1, project)
        .bind(2, number)
        .bind(3, date)
        .bind(4, unit)
        .run();
    const auto id = db.last_insert_rowid();
    db.prepare("UPDATE current_production SET day_id = ?").bind(1, id).run();
    json day = {{"id", id}, {"number", number}, {"date", date}, {"unit", unit}};
    tx.append({"day.started", "day/" + std::to_string(id), day.dump(), actor, {}});
    return day;
  });
}

json ProductionStore::set_current_day(std::int64_t day_id, const std::string& actor) {
  return catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto found = db.prepare(
        "SELECT d.number, d.date, d.unit FROM shooting_days d JOIN current_production c ON "
        "c.project_id = d.project_id WHERE d.id = ?");
    found.bind(1, day_id);
    if (!found.step()) {
      throw ProductionError(
          404, "there is no shooting day " + std::to_string(day_id) + " in the current project");
    }
    json day = {{"id", day_id},
                {"number", found.column_int(0)},
                {"date", found.column_text(1)},
                {"unit", found.column_text(2)}};
    db.prepare("UPDATE current_production SET day_id = ?").bind(1, day_id).run();
    tx.append({"day.current", "day/" + std::to_string(day_id), day.dump(), actor, {}});
    return day;
  });
}

}  // namespace slate::production
