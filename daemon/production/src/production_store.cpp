#include <algorithm>
#include <cstdio>
#include <ctime>
#include <tuple>
#include <utility>

#include <slate/core/clock.hpp>
#include <slate/production/production_store.hpp>

#include "production_events.hpp"
#include "stored_lists.hpp"

namespace slate::production {

namespace {

using Clock = std::chrono::system_clock;

// "2026-12-01T06:30:00.125Z": the catalogue's times to the millisecond.
std::string utc_milliseconds(Clock::time_point time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time - seconds).count();
  std::string text = core::utc_text(seconds);  // "…:SSZ"
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(millis));
  text.pop_back();
  return text + fraction;
}

std::optional<int> pages_column(const catalogue::Statement& row, int index) {
  return row.column_is_null(index) ? std::nullopt
                                   : std::optional(static_cast<int>(row.column_int(index)));
}

catalogue::Statement& bind_pages(catalogue::Statement& statement, int index,
                                 std::optional<int> pages) {
  return pages ? statement.bind(index, std::int64_t{*pages}) : statement.bind_null(index);
}

std::optional<std::int64_t> current_project(catalogue::Database& db) {
  auto row = db.prepare("SELECT project_id FROM current_production");
  if (!row.step()) {
    return std::nullopt;
  }
  return row.column_int(0);
}

Refusal no_project() {
  return conflict("there is no current project");
}

// The columns of a day, in the order read_day takes them; `d` is shooting_days, `c`
// current_production. Days from before start times were kept start at midnight of their date.
// The day's marks come in the same row, as "kind=at,kind=at", so a listing stays one query.
constexpr std::string_view kDayColumns =
    "d.id, d.number, d.date, d.unit, coalesce(d.started_at, d.date || 'T00:00:00.000Z'), "
    "d.id IS c.day_id, (SELECT count(*) FROM takes t WHERE t.day_id = d.id), "
    "(SELECT group_concat(m.kind || '=' || m.at, ',') FROM day_marks m WHERE m.day_id = d.id)";

// "call=2026-12-01T07:00:00.000Z,wrap=…" back to the marks, in the order of kDayMarkKinds.
std::vector<DayMark> read_marks(const std::string& text) {
  std::vector<DayMark> marks;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string_view item(text.data() + start, end - start);
    const auto equals = item.find('=');
    if (equals != std::string_view::npos) {
      if (const auto kind = parse_day_mark_kind(item.substr(0, equals))) {
        marks.push_back({*kind, std::string(item.substr(equals + 1))});
      }
    }
    start = end + 1;
  }
  std::sort(marks.begin(), marks.end(),
            [](const DayMark& a, const DayMark& b) { return a.kind < b.kind; });
  return marks;
}

Day read_day(const catalogue::Statement& row, int first = 0) {
  Day day;
  day.id = row.column_int(first);
  day.number = static_cast<int>(row.column_int(first + 1));
  day.date = row.column_text(first + 2);
  day.unit = parse_unit(row.column_text(first + 3)).value_or(Unit::main);
  day.started_at = row.column_text(first + 4);
  day.current = row.column_int(first + 5) != 0;
  day.takes = row.column_int(first + 6);
  day.marks = read_marks(row.column_text(first + 7));
  return day;
}

std::optional<Day> find_day(catalogue::Database& db, std::int64_t day_id) {
  auto row = db.prepare(
      "SELECT " + std::string(kDayColumns) +
      " FROM shooting_days d JOIN current_production c ON c.project_id = d.project_id WHERE d.id "
      "= ?");
  row.bind(1, day_id);
  if (!row.step()) {
    return std::nullopt;
  }
  return read_day(row);
}

std::optional<Current> read_current(catalogue::Database& db) {
  auto row = db.prepare(
      "SELECT p.id, p.name, p.fps, p.cameras, c.day_id FROM current_production c JOIN projects p "
      "ON p.id = c.project_id");
  if (!row.step()) {
    return std::nullopt;
  }
  Current current;
  current.project.id = row.column_int(0);
  current.project.name = row.column_text(1);
  current.project.fps = core::parse_frame_rate(row.column_text(2)).value_or(core::FrameRate::fps24);
  current.project.cameras = read_stored_list(row.column_text(3));
  if (!row.column_is_null(4)) {
    current.day = find_day(db, row.column_int(4));
  }
  return current;
}

// The current project's scenes (or the one scene `only`), with their setups and next numbers, in
// script and letter order.
std::vector<Scene> read_scenes(catalogue::Database& db, std::optional<std::int64_t> only = {}) {
  // A setup's next take follows the highest number any of its picture takes ever had; a scene's
  // next wild track the highest of its wild tracks. Take rows are never deleted (an undone take is
  // marked), so max() over the rows is the highest ever given; takes_by_setup_and_kind gives it
  // without counting over a setup's every take (wild is 0 or 1: "> 0" lets the index range).
  auto select = db.prepare(
      "SELECT s.id, s.number, s.omitted, s.int_ext, s.location, s.day_night, s.pages_eighths, "
      "s.description, s.sort_prefix, s.sort_number, s.sort_suffix, "
      "(SELECT coalesce(max(t.number), 0) FROM takes t JOIN setups w ON w.id = t.setup_id WHERE "
      "w.scene_id = s.id AND t.wild > 0), "
      "u.id, u.letter, u.description, u.cameras, u.characters, u.notes, u.pages_eighths, "
      "(SELECT coalesce(max(t.number), 0) FROM takes t WHERE t.setup_id = u.id AND t.wild = 0) "
      "FROM scenes s JOIN current_production c ON c.project_id = s.project_id LEFT JOIN setups u "
      "ON u.scene_id = s.id WHERE ?1 IS NULL OR s.id = ?1 ORDER BY s.id, u.id");
  if (only) {
    select.bind(1, *only);
  } else {
    select.bind_null(1);
  }
  std::vector<Scene> scenes;
  while (select.step()) {
    if (scenes.empty() || scenes.back().id != select.column_int(0)) {
      Scene scene;
      scene.id = select.column_int(0);
      scene.omitted = select.column_int(2) != 0;
      // The stored number with its stored sort key: a scene imported under an older grammar keeps
      // its place even where today's would not read it.
      scene.number.text = select.column_text(1);
      scene.number.omitted = scene.omitted;
      scene.number.prefix = select.column_text(8);
      scene.number.number = static_cast<int>(select.column_int(9));
      scene.number.suffix = select.column_text(10);
      scene.int_ext = select.column_text(3);
      scene.location = select.column_text(4);
      scene.day_night = select.column_text(5);
      scene.pages_eighths = pages_column(select, 6);
      scene.description = select.column_text(7);
      scene.next_wild = static_cast<int>(select.column_int(11)) + 1;
      scenes.push_back(std::move(scene));
    }
    if (select.column_is_null(12)) {
      continue;
    }
    Setup setup;
    setup.id = select.column_int(12);
    setup.letter = select.column_text(13);
    setup.description = select.column_text(14);
    setup.cameras = read_stored_list(select.column_text(15));
    setup.characters = read_stored_list(select.column_text(16));
    setup.notes = select.column_text(17);
    setup.pages_eighths = pages_column(select, 18);
    setup.next_take = next_take({}, static_cast<int>(select.column_int(19)));
    scenes.back().setups.push_back(std::move(setup));
  }
  // Script order (12, 12A, 12B … 12AA, A13 before 13) and setup order (… Z, AA) are not string
  // order: sort by the numbering rules.
  std::stable_sort(scenes.begin(), scenes.end(),
                   [](const Scene& a, const Scene& b) { return scene_before(a.number, b.number); });
  for (auto& scene : scenes) {
    std::stable_sort(scene.setups.begin(), scene.setups.end(), [](const Setup& a, const Setup& b) {
      return setup_index(a.letter).value_or(0) < setup_index(b.letter).value_or(0);
    });
  }
  return scenes;
}

// The file's value where it gives one, else the stored one: importing again never blanks a field.
std::string merged(const std::string& given, const std::string& stored) {
  return given.empty() ? stored : given;
}

// Applies a parsed shot list to the project, counting into `report`.
void apply_shot_list(catalogue::Database& db, std::int64_t project,
                     const std::vector<ShotListRow>& rows, ImportReport& report) {
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
  for (const auto& row : rows) {
    // The parse already read the number with parse_scene: this gives back the same.
    SceneNumber number;
    number.text = row.scene;
    if (auto parsed = parse_scene(row.scene)) {
      number = std::move(*parsed);
    }
    // A row with a setup describes the setup; the scene's own fields come from rows without
    // one, or from the first row of a scene not yet known.
    find_scene.reset();
    find_scene.bind(1, project).bind(2, number.text);
    std::int64_t scene_id = 0;
    if (find_scene.step()) {
      scene_id = find_scene.column_int(0);
      if (row.setup.empty()) {
        const auto stored_pages = pages_column(find_scene, 5);
        const auto pages = row.pages_eighths ? row.pages_eighths : stored_pages;
        const bool omitted = row.omitted || find_scene.column_int(1) != 0;
        const auto int_ext = merged(row.int_ext, find_scene.column_text(2));
        const auto location = merged(row.location, find_scene.column_text(3));
        const auto day_night = merged(row.day_night, find_scene.column_text(4));
        const auto description = merged(row.description, find_scene.column_text(6));
        if (omitted != (find_scene.column_int(1) != 0) || int_ext != find_scene.column_text(2) ||
            location != find_scene.column_text(3) || day_night != find_scene.column_text(4) ||
            pages != stored_pages || description != find_scene.column_text(6)) {
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
      const bool scene_row = row.setup.empty();
      insert_scene.reset();
      insert_scene.bind(1, project)
          .bind(2, number.text)
          .bind(3, number.prefix)
          .bind(4, std::int64_t{number.number})
          .bind(5, number.suffix)
          .bind(6, std::int64_t{row.omitted ? 1 : 0})
          .bind(7, row.int_ext)
          .bind(8, row.location)
          .bind(9, row.day_night);
      bind_pages(insert_scene, 10, scene_row ? row.pages_eighths : std::nullopt)
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
    const auto cameras = stored_list(row.cameras);
    const auto characters = stored_list(row.characters);
    if (find_setup.step()) {
      const auto id = find_setup.column_int(0);
      const auto description = merged(row.description, find_setup.column_text(1));
      const auto new_cameras = row.cameras.empty() ? find_setup.column_text(2) : cameras;
      const auto new_characters = row.characters.empty() ? find_setup.column_text(3) : characters;
      const auto notes = merged(row.notes, find_setup.column_text(4));
      const auto stored_pages = pages_column(find_setup, 5);
      const auto new_pages = row.pages_eighths ? row.pages_eighths : stored_pages;
      if (description != find_setup.column_text(1) || new_cameras != find_setup.column_text(2) ||
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
      bind_pages(insert_setup, 7, row.pages_eighths).run();
      ++report.setups_added;
    }
  }
}

// A text of a change: nothing when it fits, else why not.
std::optional<Refusal> too_long(const char* what, const std::string& value, std::size_t limit) {
  if (value.size() <= limit) {
    return std::nullopt;
  }
  return invalid(std::string(what) + " is longer than " + std::to_string(limit) + " characters");
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

Refusal no_day(std::int64_t day_id) {
  return not_found("there is no shooting day " + std::to_string(day_id) +
                   " in the current project");
}

// A day to mark: one of the current project's; a day of another project is named as such, so
// that a tablet left on an old project's page learns why.
std::optional<Refusal> markable(catalogue::Database& db, std::int64_t day_id) {
  auto row = db.prepare(
      "SELECT d.project_id = c.project_id FROM shooting_days d, current_production c WHERE d.id "
      "= ?");
  row.bind(1, day_id);
  if (!row.step()) {
    return no_day(day_id);
  }
  if (row.column_int(0) == 0) {
    return conflict("shooting day " + std::to_string(day_id) +
                    " belongs to another project than the current one");
  }
  return std::nullopt;
}

// What a mark at `at` would break: a mark that must come before another (lunch before back from
// lunch, call before wrap) and is after it. The times are all stored to the millisecond in UTC, so
// their text is in time order.
std::optional<Refusal> out_of_order(const Day& day, DayMarkKind kind, const std::string& at) {
  static constexpr std::array kPairs = {std::pair{DayMarkKind::lunch, DayMarkKind::lunch_end},
                                        std::pair{DayMarkKind::call, DayMarkKind::wrap}};
  const auto phrase = [](DayMarkKind which) -> std::string {
    switch (which) {
      case DayMarkKind::call:
        return "call";
      case DayMarkKind::lunch:
        return "lunch";
      case DayMarkKind::lunch_end:
        return "back from lunch";
      case DayMarkKind::wrap:
        return "wrap";
    }
    return "call";
  };
  for (const auto& [before, after] : kPairs) {
    if (kind == after) {
      const auto earlier = day.mark(before);
      if (earlier && at < *earlier) {
        return invalid("day " + std::to_string(day.number) + ": " + phrase(after) + " at " + at +
                       " would be before " + phrase(before) + " at " + *earlier);
      }
    } else if (kind == before) {
      const auto later = day.mark(after);
      if (later && *later < at) {
        return invalid("day " + std::to_string(day.number) + ": " + phrase(before) + " at " + at +
                       " would be after " + phrase(after) + " at " + *later);
      }
    }
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(DayMarkKind kind) {
  switch (kind) {
    case DayMarkKind::call:
      return "call";
    case DayMarkKind::lunch:
      return "lunch";
    case DayMarkKind::lunch_end:
      return "lunch_end";
    case DayMarkKind::wrap:
      return "wrap";
  }
  return "call";
}

std::optional<DayMarkKind> parse_day_mark_kind(std::string_view text) {
  for (const auto kind : kDayMarkKinds) {
    if (text == to_string(kind)) {
      return kind;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Day::mark(DayMarkKind kind) const {
  for (const auto& each : marks) {
    if (each.kind == kind) {
      return each.at;
    }
  }
  return std::nullopt;
}

const char* to_string(Unit unit) {
  switch (unit) {
    case Unit::main:
      return "main";
    case Unit::second:
      return "second";
    case Unit::splinter:
      return "splinter";
  }
  return "main";
}

std::optional<Unit> parse_unit(std::string_view text) {
  for (const Unit unit : {Unit::main, Unit::second, Unit::splinter}) {
    if (text == to_string(unit)) {
      return unit;
    }
  }
  return std::nullopt;
}

std::string local_date(Clock::time_point time) {
  const std::time_t seconds = Clock::to_time_t(time);
  std::tm local{};
  localtime_r(&seconds, &local);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &local);
  return date;
}

std::string local_date_today() {
  return local_date(Clock::now());
}

void ProductionStore::ensure_current(const ProjectDefaults& defaults, const std::string& today,
                                     Clock::time_point now) {
  catalogue_.write([&](catalogue::Transaction& tx) {
    auto& db = tx.db();
    auto existing = db.prepare("SELECT 1 FROM current_production");
    if (existing.step()) {
      return;
    }
    db.prepare("INSERT INTO projects (name, fps, created_at) VALUES (?, ?, ?)")
        .bind(1, defaults.name)
        .bind(2, defaults.fps)
        .bind(3, core::utc_text(now))
        .run();
    const auto project = db.last_insert_rowid();
    db.prepare(
          "INSERT INTO shooting_days (project_id, number, date, started_at) VALUES (?, 1, ?, ?)")
        .bind(1, project)
        .bind(2, today)
        .bind(3, utc_milliseconds(now))
        .run();
    const auto day = db.last_insert_rowid();
    db.prepare("INSERT INTO current_production (id, project_id, day_id) VALUES (1, ?, ?)")
        .bind(1, project)
        .bind(2, day)
        .run();
    tx.append(events::project_created(project, defaults, today));
  });
}

std::optional<Current> ProductionStore::current() {
  auto reader = catalogue_.lease();
  return read_current(reader->db());
}

Outcome<Current> ProductionStore::update_project(const ProjectChange& change,
                                                 const std::string& actor) {
  if (!change.name && !change.fps && !change.cameras) {
    return invalid("a change to the project gives its name, fps or cameras");
  }
  ProjectChange checked = change;
  if (change.name) {
    if (change.name->empty()) {
      return invalid("a project's name cannot be empty");
    }
    if (auto refused = too_long("name", *change.name, kMaxProjectNameBytes)) {
      return *refused;
    }
  }
  if (change.cameras) {
    auto cameras = parse_cameras(*change.cameras);
    if (!cameras) {
      return cameras.error();
    }
    if (cameras->empty()) {
      return invalid("a project has at least one camera, such as [\"A\"]");
    }
    checked.cameras = std::move(cameras).value();
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Current> {
    auto& db = tx.db();
    const auto project = current_project(db);
    if (!project) {
      return no_project();
    }
    if (checked.fps) {
      const std::string fps = core::to_string(*checked.fps);
      auto takes = db.prepare(
          "SELECT count(*) FROM takes t JOIN setups u ON u.id = t.setup_id JOIN scenes s ON s.id "
          "= u.scene_id WHERE s.project_id = ? AND t.rate <> ?");
      takes.bind(1, *project).bind(2, fps);
      takes.step();
      if (takes.column_int(0) > 0) {
        return conflict("the project has takes logged at its rate; its rate cannot change now");
      }
      db.prepare("UPDATE projects SET fps = ? WHERE id = ?").bind(1, fps).bind(2, *project).run();
    }
    if (checked.name) {
      db.prepare("UPDATE projects SET name = ? WHERE id = ?")
          .bind(1, *checked.name)
          .bind(2, *project)
          .run();
    }
    if (checked.cameras) {
      db.prepare("UPDATE projects SET cameras = ? WHERE id = ?")
          .bind(1, stored_list(*checked.cameras))
          .bind(2, *project)
          .run();
    }
    tx.append(events::project_updated(*project, checked, actor));
    return *read_current(db);
  });
}

Outcome<ImportReport> ProductionStore::import_shot_list(std::string_view csv, bool dry_run,
                                                        const std::string& actor) {
  auto parsed = parse_shot_list(csv);
  ImportReport report;
  report.rows = parsed.rows.size();
  if (!parsed.errors.empty()) {
    report.errors = std::move(parsed.errors);
    return report;
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<ImportReport> {
    auto& db = tx.db();
    const auto project = current_project(db);
    if (!project) {
      return no_project();
    }
    if (dry_run) {
      // The dry run makes every change, so that its counts are the real ones, then takes them back.
      db.exec("SAVEPOINT shot_list_dry_run");
      apply_shot_list(db, *project, parsed.rows, report);
      db.exec("ROLLBACK TO shot_list_dry_run");
      db.exec("RELEASE shot_list_dry_run");
      return report;
    }
    apply_shot_list(db, *project, parsed.rows, report);
    report.applied = true;
    tx.append(events::shot_list_imported(*project, report, actor));
    return report;
  });
}

std::vector<Scene> ProductionStore::scenes() {
  auto reader = catalogue_.lease();
  return read_scenes(reader->db());
}

Outcome<Scene> ProductionStore::add_scene(const NewScene& scene, const std::string& actor) {
  if (auto refused = too_long("number", scene.number, 32)) {
    return *refused;
  }
  const auto number = parse_scene(scene.number);
  if (!number) {
    return invalid(scene.number.empty() ? "a scene needs its number, such as \"12A\""
                                        : scene_number_problem(scene.number));
  }
  for (const auto& [what, value, limit] :
       {std::tuple{"description", &scene.description, kMaxDescriptionBytes},
        std::tuple{"int_ext", &scene.int_ext, std::size_t{16}},
        std::tuple{"location", &scene.location, kMaxLocationBytes},
        std::tuple{"day_night", &scene.day_night, std::size_t{32}}}) {
    if (auto refused = too_long(what, *value, limit)) {
      return *refused;
    }
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Scene> {
    auto& db = tx.db();
    const auto project = current_project(db);
    if (!project) {
      return no_project();
    }
    auto existing = db.prepare("SELECT 1 FROM scenes WHERE project_id = ? AND number = ?");
    existing.bind(1, *project).bind(2, number->text);
    if (existing.step()) {
      return conflict("scene " + number->text + " is already in the shot list");
    }
    db.prepare(
          "INSERT INTO scenes (project_id, number, sort_prefix, sort_number, sort_suffix, "
          "omitted, int_ext, location, day_night, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)")
        .bind(1, *project)
        .bind(2, number->text)
        .bind(3, number->prefix)
        .bind(4, std::int64_t{number->number})
        .bind(5, number->suffix)
        .bind(6, std::int64_t{number->omitted ? 1 : 0})
        .bind(7, scene.int_ext)
        .bind(8, scene.location)
        .bind(9, scene.day_night)
        .bind(10, scene.description)
        .run();
    const auto id = db.last_insert_rowid();
    db.prepare("INSERT INTO setups (scene_id, letter) VALUES (?, 'A')").bind(1, id).run();
    const auto setup = db.last_insert_rowid();
    tx.append(events::scene_added(id, number->text, setup, actor));
    auto added = read_scenes(db, id);
    return std::move(added.front());
  });
}

Outcome<AddedSetup> ProductionStore::add_setup(std::int64_t scene_id, const NewSetup& setup,
                                               const std::string& actor) {
  std::string letter = setup.letter;
  for (auto& c : letter) {
    c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  if (!letter.empty() && (letter.size() > 8 || !setup_index(letter))) {
    return invalid("\"" + letter +
                   "\" is not a setup letter (A to Z, then AA; I and O are not used)");
  }
  if (auto refused = too_long("description", setup.description, kMaxDescriptionBytes)) {
    return *refused;
  }
  auto cameras = parse_cameras(setup.cameras);
  if (!cameras) {
    return cameras.error();
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<AddedSetup> {
    auto& db = tx.db();
    auto scene = db.prepare(
        "SELECT s.number FROM scenes s JOIN current_production c ON c.project_id = s.project_id "
        "WHERE s.id = ?");
    scene.bind(1, scene_id);
    if (!scene.step()) {
      return not_found("there is no scene " + std::to_string(scene_id));
    }
    AddedSetup added;
    added.scene_id = scene_id;
    added.scene = scene.column_text(0);
    std::vector<std::string> used;
    auto letters = db.prepare("SELECT letter FROM setups WHERE scene_id = ?");
    letters.bind(1, scene_id);
    while (letters.step()) {
      used.push_back(letters.column_text(0));
    }
    if (letter.empty()) {
      letter = next_setup(used);
    } else if (std::find(used.begin(), used.end(), letter) != used.end()) {
      return conflict("scene " + added.scene + " already has setup " + letter);
    }
    added.setup.letter = letter;
    added.setup.description = setup.description;
    added.setup.cameras = *cameras;
    db.prepare("INSERT INTO setups (scene_id, letter, description, cameras) VALUES (?, ?, ?, ?)")
        .bind(1, scene_id)
        .bind(2, letter)
        .bind(3, setup.description)
        .bind(4, stored_list(added.setup.cameras))
        .run();
    added.setup.id = db.last_insert_rowid();
    tx.append(events::setup_added(added, actor));
    return added;
  });
}

std::vector<Day> ProductionStore::days() {
  auto reader = catalogue_.lease();
  auto select = reader->db().prepare(
      "SELECT " + std::string(kDayColumns) +
      " FROM shooting_days d JOIN current_production c ON c.project_id = d.project_id ORDER BY "
      "d.date, d.unit, d.number");
  std::vector<Day> days;
  while (select.step()) {
    days.push_back(read_day(select));
  }
  return days;
}

Outcome<Day> ProductionStore::add_day(const NewDay& day, const std::string& actor,
                                      Clock::time_point now) {
  const std::string date = day.date.empty() ? local_date(now) : day.date;
  if (!valid_date(date)) {
    return invalid("date must be YYYY-MM-DD");
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Day> {
    auto& db = tx.db();
    const auto project = current_project(db);
    if (!project) {
      return no_project();
    }
    auto highest = db.prepare(
        "SELECT coalesce(max(number), 0) FROM shooting_days WHERE project_id = ? AND unit = ?");
    highest.bind(1, *project).bind(2, std::string(to_string(day.unit)));
    highest.step();
    db.prepare(
          "INSERT INTO shooting_days (project_id, number, date, unit, started_at) VALUES (?, ?, ?, "
          "?, ?)")
        .bind(1, *project)
        .bind(2, highest.column_int(0) + 1)
        .bind(3, date)
        .bind(4, std::string(to_string(day.unit)))
        .bind(5, utc_milliseconds(now))
        .run();
    const auto id = db.last_insert_rowid();
    db.prepare("UPDATE current_production SET day_id = ?").bind(1, id).run();
    auto started = *find_day(db, id);
    tx.append(events::day_started(started, actor));
    return started;
  });
}

Outcome<Day> ProductionStore::set_current_day(std::int64_t day_id, const std::string& actor) {
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Day> {
    auto& db = tx.db();
    if (!find_day(db, day_id)) {
      return no_day(day_id);
    }
    db.prepare("UPDATE current_production SET day_id = ?").bind(1, day_id).run();
    auto day = *find_day(db, day_id);
    tx.append(events::day_made_current(day, actor));
    return day;
  });
}

Outcome<Day> ProductionStore::mark_day(std::int64_t day_id, DayMarkKind kind,
                                       std::optional<std::string> at_utc, const std::string& actor,
                                       Clock::time_point now) {
  // Stored in one form, to the millisecond, whatever form of ISO 8601 UTC was sent, so that the
  // marks compare as text and read alike.
  std::string at = utc_milliseconds(now);
  if (at_utc) {
    const auto parsed = core::parse_utc(*at_utc);
    if (!parsed) {
      return invalid("at must be a UTC time in ISO 8601, such as \"2026-12-01T07:00:00.000Z\"; \"" +
                     at_utc->substr(0, 64) + "\" is not one");
    }
    at = utc_milliseconds(*parsed);
  }
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Day> {
    auto& db = tx.db();
    if (auto refused = markable(db, day_id)) {
      return *refused;
    }
    if (auto refused = out_of_order(*find_day(db, day_id), kind, at)) {
      return *refused;
    }
    db.prepare(
          "INSERT INTO day_marks (day_id, kind, at, marked_by, marked_at) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (day_id, kind) DO UPDATE SET at = excluded.at, marked_by = "
          "excluded.marked_by, marked_at = excluded.marked_at")
        .bind(1, day_id)
        .bind(2, std::string(to_string(kind)))
        .bind(3, at)
        .bind(4, actor)
        .bind(5, utc_milliseconds(now))
        .run();
    tx.append(events::day_marked(day_id, kind, at, actor));
    return *find_day(db, day_id);
  });
}

Outcome<Day> ProductionStore::clear_day_mark(std::int64_t day_id, DayMarkKind kind,
                                             const std::string& actor) {
  return catalogue_.write([&](catalogue::Transaction& tx) -> Outcome<Day> {
    auto& db = tx.db();
    if (auto refused = markable(db, day_id)) {
      return *refused;
    }
    if (find_day(db, day_id)->mark(kind)) {
      db.prepare("DELETE FROM day_marks WHERE day_id = ? AND kind = ?")
          .bind(1, day_id)
          .bind(2, std::string(to_string(kind)))
          .run();
      tx.append(events::day_marked(day_id, kind, std::nullopt, actor));
    }
    return *find_day(db, day_id);
  });
}

}  // namespace slate::production
