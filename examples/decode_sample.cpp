// Decodes a GetMLModel response (by default the bundled verbose sample) and prints every member.
// Usage: decode-sample [FILE]
#include <awsml/awsml.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    std::string path = argc > 1 ? argv[1] : AWSML_SAMPLE_RESPONSE;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "decode-sample: cannot open " << path << "\n";
        return 2;
    }
    std::ostringstream body;
    body << in.rdbuf();

    auto model = awsml::try_from_json<awsml::get_ml_model_output>(body.str());
    if (!model) {
        std::cerr << "decode-sample: " << path << ": " << model.error().message() << "\n";
        return 1;
    }
    std::cout << "model " << model->ml_model_id.value_or("?") << " (" << model->name.value_or("")
              << ")\n  status: " << model->status.value_or(awsml::entity_status{})
              << "\n  type: " << model->ml_model_type.value_or(awsml::ml_model_type{}) << "\n";
    if (model->created_at)
        std::cout << "  created: " << awsml::format_iso8601(*model->created_at) << "\n";
    if (model->endpoint_info && model->endpoint_info->endpoint_url)
        std::cout << "  endpoint: " << *model->endpoint_info->endpoint_url << "\n";
    for (const auto& v : awsml::validate(*model))
        std::cout << "  constraint: " << v.path << ": " << v.message << "\n";
    std::cout << "\nevery member:\n" << *model << "\n";
    return 0;
}
