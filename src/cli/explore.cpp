// attn explore: a full-screen explorer. Change a sentence, any cell of X, W_Q, W_K or W_V, the mask,
// the heads, the temperature or the seed, and every later stage is recomputed at once with the changed
// cells marked; compare mode follows one word through two sentences side by side.
// The model lives in course/explore; explore_draw.cpp draws it with ncurses, explore_keys.cpp turns keys
// into edits, and this file starts it from the command line and runs it.
#include <cmath>
#include <memory>

#include "cli/explore_mla_view.hpp"
#include "cli/explore_screen.hpp"
#include "cli/explore_ui.hpp"
#include "cli/subcommands.hpp"
#include "cli/variant_options.hpp"
#include "course/data_layers.hpp"
#include "course/explore_mla.hpp"
#include "inputs/input_error.hpp"
#include "math/shapes.hpp"
#include "render/export.hpp"

namespace attn::cli {

namespace {

using explore::Prompt;
using explore::Ui;

struct ExploreOptions {
    std::string vocab = "apple";
    std::string sentence = "I ate the apple";
    std::string mask = "none";
    arma::uword heads = 1;
    std::optional<std::uint64_t> seed;
    std::optional<arma::uword> d_k;
    math::VariantFlags variant;          // as attn run takes it, the temperature among them
    std::optional<std::string> compare;  // the second sentence: start in compare mode
    std::optional<std::string> word;     // the word compared (default: the vocabulary's focus word)
};

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// attn run with the shipped files and the options explore started with.
std::string equivalent_command(const ExploreOptions& o, const std::string& focus) {
    std::string cmd = "attn run --vocab " + quoted(o.vocab);
    cmd += o.compare ? " --compare " + quoted(o.sentence) + " " + quoted(*o.compare) + " --word " +
                           quoted(o.word.value_or(focus))
                     : " -s " + quoted(o.sentence);
    if (o.heads > 1) cmd += " --heads " + std::to_string(o.heads);
    if (o.mask != "none") cmd += " --mask " + o.mask;
    if (o.seed) cmd += " --seed " + std::to_string(*o.seed);
    if (o.d_k) cmd += " --d-k " + std::to_string(*o.d_k);
    cmd += math::variant_flags_text(o.variant);
    if (o.variant.temperature != 1.0) cmd += " --temperature " + render::exact_number(o.variant.temperature);
    return cmd;
}

course::Explorer start_explorer(const ExploreOptions& o, const course::DataLayers& data) {
    course::Explorer ex(course::resolve_vocab(o.vocab, data), o.sentence, data);
    if (o.mask != "none") ex.set_mask(o.mask);
    if (o.d_k) ex.set_d_k(o.d_k);
    if (o.seed) ex.set_seed(o.seed);
    if (o.heads > 1) ex.set_heads(o.heads);
    try {  // checked once, as attn run checks it, and named by its flags here rather than by the keys
        math::make_variant(o.variant, o.mask == "causal", o.mask == "padding");
    } catch (const std::invalid_argument& e) {
        throw course::InputError(e.what());
    }
    // Any part but the temperature (set below, as the t key sets it): the flags that spell it.
    if (!math::variant_flags_text(o.variant).empty()) ex.set_variant(o.variant);
    if (o.variant.temperature != 1.0) ex.set_temperature(o.variant.temperature);
    if (o.word) ex.set_compare_word(*o.word);
    if (o.compare) ex.set_compare(*o.compare);
    return ex;
}

// Off a terminal explore waits for no key: exit 2 with the command that prints the same numbers.
void require_terminal(const Context& ctx, const std::string& equivalent) {
    if (!ctx.interactive())
        throw course::InputError(
            "attn explore is full-screen and needs a terminal on stdin and stdout; the same numbers, "
            "printed: " +
            equivalent);
}

Ui screen_ui(const Context& ctx) {
    Ui ui;
    // The narrow ncurses library draws bytes, not UTF-8 characters: the screen stays ASCII (√ → sqrt).
    ui.unicode = false;
    ui.color = ctx.style(4).color;
    ui.svg_style = ctx.style(4);
    ui.svg_style.unicode = !ctx.global.ascii;
    return ui;
}

// --mla: the request attn run --mla would make of these options (the MLA file and vocabulary resolved).
course::RunRequest mla_request(const ExploreOptions& o, const course::DataLayers& data) {
    course::RunRequest r;
    static_cast<math::VariantFlags&>(r) = o.variant;
    r.sentence = o.sentence;
    r.data = data;
    r.vocab_path = course::resolve_vocab(o.vocab, data);
    r.mla = course::resolve_mla(*o.variant.mla, data);
    r.heads = o.heads;
    if (o.mask != "none") r.masks = {o.mask};
    return r;
}

// attn explore --mla: MLA's stages on the screen; edits stay in the session (nothing is saved).
void run_explore_mla(const ExploreOptions& o, Context& ctx) {
    const course::RunRequest request = mla_request(o, ctx.data_layers());
    course::MlaExplorer ex(request);
    std::string equivalent = "attn run --vocab " + quoted(o.vocab) + " -s " + quoted(o.sentence) + " --mla " +
                             quoted(*request.mla);
    if (o.mask != "none") equivalent += " --mask " + o.mask;
    math::VariantFlags rest = o.variant;
    rest.mla.reset();
    equivalent += math::variant_flags_text(rest);
    if (o.variant.temperature != 1.0)
        equivalent += " --temperature " + render::exact_number(o.variant.temperature);
    require_terminal(ctx, equivalent);
    Ui ui = screen_ui(ctx);
    ui.stage = mla_tab_index(ex, MlaTab::weights);
    explore::run_screen(
        ui, [&] { explore::draw_mla(ex, ui); },
        [&](int key) { return explore::handle_mla_key(ex, ui, key); });
    ctx.out = std::string(ex.version() > 0 ? "edits are not saved with --mla" : "nothing edited") +
              "; as started: " + equivalent + "\n";
}

void run_explore(const ExploreOptions& o, Context& ctx) {
    if (o.variant.mla) return run_explore_mla(o, ctx);
    const course::DataLayers data = ctx.data_layers();
    course::Explorer ex = start_explorer(o, data);
    const std::string equivalent = equivalent_command(o, ex.world().compare_word);
    require_terminal(ctx, equivalent);
    Ui ui = screen_ui(ctx);
    explore::run_screen(
        ui, [&] { explore::draw(ex, ui); }, [&](int key) { return explore::handle_key(ex, ui, key); });
    if (ui.saved_command.empty())
        ctx.out =
            "not saved (press w in attn explore to save the edited world); as started: " + equivalent + "\n";
    else
        ctx.out = std::string(ui.saved_version == ex.version()
                                  ? "saved"
                                  : "saved before your last changes (not saved since)") +
                  "; the same numbers with attn run:\n" + ui.saved_command + "\n";
}

}  // namespace

void setup_explore(CLI::App& app, Context& ctx) {
    auto opts = std::make_shared<ExploreOptions>();
    CLI::App* sub =
        app.add_subcommand("explore", "Full-screen explorer: change any input, watch every stage recompute");
    sub->footer(
        "Keys: Tab stages, arrows or i/j/k/l cells (a score or weight cell marks its query row in Q and\n"
        "key column in K^T and explains itself, PgUp/PgDn scroll), Enter/digits type a value, +/- nudge,\n"
        "s sentence, m mask, t temperature,\n"
        "h/H heads, r seed, c compare, C second sentence, u/Ctrl-R undo/redo, w save to the workspace,\n"
        "x export CSV+JSON+SVG, ? help, q quit.\n\n"
        "Examples:\n"
        "  attn explore\n"
        "  attn explore -s \"I love my apple phone\" --mask causal\n"
        "  attn explore --compare \"I love my apple phone\" --temperature 0.5\n"
        "  attn explore --mla mla --mask causal");
    sub->add_option("-s,--sentence", opts->sentence, "The sentence to start with")->capture_default_str();
    sub->add_option("--vocab", opts->vocab, "Vocabulary with preset weights: a TOML file or a name")
        ->capture_default_str();
    sub->add_option("--mask", opts->mask, "none, causal or padding")
        ->check(CLI::IsMember({"none", "causal", "padding"}))
        ->capture_default_str();
    sub->add_option("--heads", opts->heads, "Number of heads")
        ->capture_default_str()
        ->check(CLI::Range(arma::uword(1), course::kMaxHeads));
    sub->add_option("--seed", opts->seed, "Random weights with this seed instead of the preset");
    sub->add_option("--d-k", opts->d_k, "Query/key size per head (random weights)");
    add_variant_options(sub, opts->variant);  // attn run's variant flags, --temperature among them
    sub->add_option("--compare", opts->compare, "Start in compare mode with this second sentence");
    sub->add_option("--word", opts->word, "The word compared (default: the vocabulary's focus word)");
    sub->callback([opts, &ctx, sub]() {
        check_variant_flags(opts->variant, *sub);
        run_explore(*opts, ctx);
    });
}

}  // namespace attn::cli
