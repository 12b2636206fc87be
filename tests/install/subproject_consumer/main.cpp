// Uses awsml as a meson subproject: decodes a sample GetMLModel response.
#include <awsml/awsml.hpp>

#include <iostream>

int main() {
    const auto model = awsml::from_json<awsml::get_ml_model_output>(
        R"({"MLModelId":"ml-subproject","Name":"found as a subproject","Status":"COMPLETED"})");
    std::cout << *model.ml_model_id << ": " << *model.name << " (" << *model.status << ")\n";
}
